package dev.slipway.worker.fs;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * File-system calls beyond {@code java.nio.file}: {@code mknod}, full-mode {@code chmod}, {@code lchown},
 * the {@code l*xattr} family, {@code utimensat} without following symlinks, and {@code mount}. Every failure is
 * an {@link IOException} naming the call, the path and {@code strerror}. Thread-safe (stateless).
 */
public final class Posix {

    /** {@code S_IFMT} and the file types of {@code st_mode}. */
    public static final int S_IFMT = 0170000;
    public static final int S_IFSOCK = 0140000;
    public static final int S_IFLNK = 0120000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFBLK = 0060000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFIFO = 0010000;

    /** {@code XATTR_REPLACE}/{@code XATTR_CREATE} are not needed: 0 creates or replaces. */
    private static final int XATTR_ANY = 0;
    private static final int ENODATA = 61;
    private static final int EOPNOTSUPP = 95;
    private static final int MNT_DETACH = 2;

    private Posix() {
    }

    private static IOException failure(String call, Path path, LastErrorException e) {
        return new IOException(call + " " + path + ": " + strerror(e.getErrorCode()) + " (errno " + e.getErrorCode() + ")");
    }

    private static String strerror(int errno) {
        switch (errno) {
            case 1: return "operation not permitted";
            case 2: return "no such file or directory";
            case 13: return "permission denied";
            case 17: return "file exists";
            case 20: return "not a directory";
            case 22: return "invalid argument";
            case 28: return "no space left on device";
            case ENODATA: return "no such attribute";
            case EOPNOTSUPP: return "operation not supported";
            default: return "error";
        }
    }

    /** glibc's {@code makedev}. */
    public static long makedev(long major, long minor) {
        return ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8) | ((minor & 0xffffff00L) << 12) | (minor & 0xffL);
    }

    /** glibc's {@code major}. */
    public static long major(long dev) {
        return ((dev >>> 32) & 0xfffff000L) | ((dev >>> 8) & 0xfffL);
    }

    /** glibc's {@code minor}. */
    public static long minor(long dev) {
        return ((dev >>> 12) & 0xffffff00L) | (dev & 0xffL);
    }

    /** Creates a device node, FIFO or (for a 0/0 char device) an overlayfs whiteout. */
    public static void mknod(Path path, int mode, long dev) throws IOException {
        try {
            LibC.INSTANCE.mknod(path.toString(), mode, dev);
        } catch (LastErrorException e) {
            throw failure("mknod", path, e);
        }
    }

    /** Sets all 12 permission bits, including setuid, setgid and sticky. Follows symlinks: never call on one. */
    public static void chmod(Path path, int mode) throws IOException {
        try {
            LibC.INSTANCE.chmod(path.toString(), mode & 07777);
        } catch (LastErrorException e) {
            throw failure("chmod", path, e);
        }
    }

    /** Sets numeric owner and group without following a symlink. */
    public static void lchown(Path path, int uid, int gid) throws IOException {
        try {
            LibC.INSTANCE.lchown(path.toString(), uid, gid);
        } catch (LastErrorException e) {
            throw failure("lchown", path, e);
        }
    }

    /** Sets access and modification time (nanoseconds) without following a symlink. */
    public static void lutimes(Path path, Instant atime, Instant mtime) throws IOException {
        long[] times = {atime.getEpochSecond(), atime.getNano(), mtime.getEpochSecond(), mtime.getNano()};
        try {
            LibC.INSTANCE.utimensat(LibC.AT_FDCWD, path.toString(), times, LibC.AT_SYMLINK_NOFOLLOW);
        } catch (LastErrorException e) {
            throw failure("utimensat", path, e);
        }
    }

    /** Sets an extended attribute on the path itself (not a symlink's target). */
    public static void lsetxattr(Path path, String name, byte[] value) throws IOException {
        try {
            LibC.INSTANCE.lsetxattr(path.toString(), name, value, value.length, XATTR_ANY);
        } catch (LastErrorException e) {
            throw failure("lsetxattr " + name, path, e);
        }
    }

    /** An extended attribute's value, or null when the path does not have it. */
    public static byte[] lgetxattr(Path path, String name) throws IOException {
        try {
            long size = LibC.INSTANCE.lgetxattr(path.toString(), name, null, 0);
            byte[] buf = new byte[(int) size];
            long n = size == 0 ? 0 : LibC.INSTANCE.lgetxattr(path.toString(), name, buf, buf.length);
            return n == buf.length ? buf : java.util.Arrays.copyOf(buf, (int) n);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == ENODATA || e.getErrorCode() == EOPNOTSUPP) {
                return null;
            }
            throw failure("lgetxattr " + name, path, e);
        }
    }

    /** The names of a path's extended attributes (all namespaces the caller may see). */
    public static List<String> llistxattr(Path path) throws IOException {
        try {
            long size = LibC.INSTANCE.llistxattr(path.toString(), null, 0);
            if (size <= 0) {
                return List.of();
            }
            byte[] buf = new byte[(int) size];
            long n = LibC.INSTANCE.llistxattr(path.toString(), buf, buf.length);
            List<String> names = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (buf[i] == 0) {
                    if (i > start) {
                        names.add(new String(buf, start, i - start, StandardCharsets.UTF_8));
                    }
                    start = i + 1;
                }
            }
            return names;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == EOPNOTSUPP) {
                return List.of();
            }
            throw failure("llistxattr", path, e);
        }
    }

    /** {@code mount(2)}. */
    public static void mount(String source, Path target, String fstype, long flags, String data) throws IOException {
        try {
            LibC.INSTANCE.mount(source, target.toString(), fstype, flags, data);
        } catch (LastErrorException e) {
            throw failure("mount " + fstype, target, e);
        }
    }

    /** Lazily unmounts (MNT_DETACH), so a busy mount never blocks cleanup. */
    public static void umount(Path target) throws IOException {
        try {
            LibC.INSTANCE.umount2(target.toString(), MNT_DETACH);
        } catch (LastErrorException e) {
            throw failure("umount", target, e);
        }
    }
}
