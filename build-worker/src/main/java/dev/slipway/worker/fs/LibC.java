package dev.slipway.worker.fs;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The few libc calls Java 17 lacks (device nodes, setuid/setgid/sticky modes, ownership of symlinks,
 * {@code trusted.*} xattrs, nanosecond times of symlinks, mounts). JNA maps {@code errno} to
 * {@link LastErrorException}.
 */
interface LibC extends Library {

    LibC INSTANCE = Native.load("c", LibC.class);

    int AT_FDCWD = -100;
    int AT_SYMLINK_NOFOLLOW = 0x100;

    int mknod(String path, int mode, long dev) throws LastErrorException;

    int chmod(String path, int mode) throws LastErrorException;

    int lchown(String path, int uid, int gid) throws LastErrorException;

    long lgetxattr(String path, String name, byte[] value, long size) throws LastErrorException;

    int lsetxattr(String path, String name, byte[] value, long size, int flags) throws LastErrorException;

    long llistxattr(String path, byte[] list, long size) throws LastErrorException;

    /** {@code times} is two {@code struct timespec}: atime sec, atime nsec, mtime sec, mtime nsec. */
    int utimensat(int dirfd, String path, long[] times, int flags) throws LastErrorException;

    int mount(String source, String target, String fstype, long flags, String data) throws LastErrorException;

    int umount2(String target, int flags) throws LastErrorException;
}
