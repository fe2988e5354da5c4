package dev.slipway.worker.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;

/**
 * {@code lstat(2)} of one path, read through the JDK's {@code unix:*} attribute view (it already exposes
 * mode, owner, device and inode numbers).
 *
 * @param mode the full {@code st_mode} (type and permission bits)
 * @param uid numeric owner
 * @param gid numeric group
 * @param rdev device number of a device node
 * @param nlink link count
 * @param ino inode number
 * @param dev device of the file system holding the inode
 * @param size size in bytes
 * @param mtime modification time
 * @param atime access time
 */
public record FileStat(int mode, int uid, int gid, long rdev, int nlink, long ino, long dev, long size, Instant mtime,
                       Instant atime) {

    /** lstat: symlinks are not followed. */
    public static FileStat of(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, "unix:mode,uid,gid,rdev,nlink,ino,dev,size,lastModifiedTime,lastAccessTime",
                LinkOption.NOFOLLOW_LINKS);
        return new FileStat((Integer) a.get("mode"), (Integer) a.get("uid"), (Integer) a.get("gid"), (Long) a.get("rdev"),
                (Integer) a.get("nlink"), (Long) a.get("ino"), (Long) a.get("dev"), (Long) a.get("size"),
                ((FileTime) a.get("lastModifiedTime")).toInstant(), ((FileTime) a.get("lastAccessTime")).toInstant());
    }

    /** The file type bits. */
    public int type() {
        return mode & Posix.S_IFMT;
    }

    /** The 12 permission bits. */
    public int permissions() {
        return mode & 07777;
    }

    public boolean isDirectory() {
        return type() == Posix.S_IFDIR;
    }

    public boolean isRegular() {
        return type() == Posix.S_IFREG;
    }

    public boolean isSymlink() {
        return type() == Posix.S_IFLNK;
    }

    public boolean isCharDevice() {
        return type() == Posix.S_IFCHR;
    }

    public boolean isBlockDevice() {
        return type() == Posix.S_IFBLK;
    }

    public boolean isFifo() {
        return type() == Posix.S_IFIFO;
    }

    /** An overlayfs whiteout: a character device with device number 0/0. */
    public boolean isWhiteout() {
        return isCharDevice() && rdev == 0;
    }
}
