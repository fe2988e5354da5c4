package dev.slipway.worker.layer;

import dev.slipway.worker.fs.FileStat;
import dev.slipway.worker.fs.Posix;
import dev.slipway.worker.fs.ScopedPath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks an uncompressed layer tar onto a directory, preserving owners, modes (setuid/setgid/sticky included),
 * times, symlinks, hard links, device nodes, FIFOs and extended attributes. OCI whiteouts are either applied
 * (files deleted: a flattened rootfs) or converted to overlayfs form (0/0 character devices and
 * {@code trusted.overlay.opaque=y}: a lower directory). Entries that would write outside the directory are
 * refused with {@link UnsafeLayerException}. Must run as root (device nodes, ownership, trusted xattrs).
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/layer.md">OCI image layer</a>
 */
public final class LayerExtractor {

    /** Prefix of a whiteout file name. */
    public static final String WHITEOUT_PREFIX = ".wh.";
    /** Name of the opaque-directory marker. */
    public static final String OPAQUE_MARKER = ".wh..wh..opq";
    /** The overlayfs xattr marking an opaque directory. */
    public static final String OVERLAY_OPAQUE_XATTR = "trusted.overlay.opaque";

    private static final String PAX_XATTR = "SCHILY.xattr.";

    /** What to do with whiteouts. */
    public enum WhiteoutMode {
        /** Delete what they hide: the directory becomes the merged filesystem. */
        APPLY,
        /** Write overlayfs whiteouts: the directory becomes one lower layer of an overlay mount. */
        OVERLAY
    }

    /** Totals of one extraction. */
    public record Stats(long entries, long bytes) {
    }

    private final Path root;
    private final WhiteoutMode mode;
    private final Set<Path> unpacked = new HashSet<>();
    private final List<DirTimes> dirTimes = new ArrayList<>();
    private long entries;
    private long bytes;

    private record DirTimes(Path dir, Instant atime, Instant mtime) {
    }

    private LayerExtractor(Path root, WhiteoutMode mode) {
        this.root = root;
        this.mode = mode;
    }

    /**
     * @param tar the uncompressed tar stream (not closed)
     * @param dest an existing directory
     * @throws UnsafeLayerException when an entry would escape {@code dest}
     */
    public static Stats extract(InputStream tar, Path dest, WhiteoutMode mode) throws IOException {
        LayerExtractor x = new LayerExtractor(dest.toAbsolutePath().normalize(), mode);
        TarArchiveInputStream in = new TarArchiveInputStream(tar, StandardCharsets.UTF_8.name());
        TarArchiveEntry e;
        while ((e = in.getNextEntry()) != null) {
            x.entry(e, in);
        }
        // Directory times last: creating children changed them.
        for (int i = x.dirTimes.size() - 1; i >= 0; i--) {
            DirTimes t = x.dirTimes.get(i);
            Posix.lutimes(t.dir(), t.atime(), t.mtime());
        }
        return new Stats(x.entries, x.bytes);
    }

    /** Normalised relative name: no leading "./" or "/", no trailing "/"; "" for the root itself. */
    static String clean(String name) throws UnsafeLayerException {
        List<String> parts = new ArrayList<>();
        for (String s : name.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (parts.isEmpty()) {
                    throw new UnsafeLayerException("layer entry " + name + " points outside the root");
                }
                parts.remove(parts.size() - 1);
                continue;
            }
            parts.add(s);
        }
        return String.join("/", parts);
    }

    private void entry(TarArchiveEntry e, InputStream data) throws IOException {
        entries++;
        String name = clean(e.getName());
        if (name.isEmpty()) {
            return; // "./" itself: the root's metadata belongs to the snapshot, not the layer
        }
        int slash = name.lastIndexOf('/');
        String parentName = slash < 0 ? "" : name.substring(0, slash);
        String base = name.substring(slash + 1);
        Path parent;
        try {
            parent = ScopedPath.resolve(root, parentName, true, ScopedPath.Mode.STRICT);
        } catch (ScopedPath.EscapeException ex) {
            throw new UnsafeLayerException("layer entry " + e.getName() + ": " + ex.getMessage());
        }
        mkdirs(parent);

        if (base.equals(OPAQUE_MARKER)) {
            opaque(parent);
            return;
        }
        if (base.startsWith(WHITEOUT_PREFIX)) {
            whiteout(parent.resolve(base.substring(WHITEOUT_PREFIX.length())));
            return;
        }
        Path target = parent.resolve(base);
        if (e.isDirectory()) {
            FileStat existing = statOrNull(target);
            if (existing != null && !existing.isDirectory()) {
                delete(target);
                existing = null;
            }
            if (existing == null) {
                Files.createDirectory(target);
            }
        } else {
            if (statOrNull(target) != null) {
                delete(target);
            }
            if (e.isLink()) {
                hardLink(target, e.getLinkName());
                unpacked.add(target);
                return; // a hard link shares the metadata of its target
            } else if (e.isSymbolicLink()) {
                Files.createSymbolicLink(target, Path.of(e.getLinkName()));
            } else if (e.isCharacterDevice() || e.isBlockDevice()) {
                Posix.mknod(target, (e.isCharacterDevice() ? Posix.S_IFCHR : Posix.S_IFBLK) | (e.getMode() & 07777),
                        Posix.makedev(e.getDevMajor(), e.getDevMinor()));
            } else if (e.isFIFO()) {
                Posix.mknod(target, Posix.S_IFIFO | (e.getMode() & 07777), 0);
            } else if (e.isFile()) {
                bytes += Files.copy(data, target);
            } else {
                throw new IOException("layer entry " + e.getName() + " has an unsupported type '" + (char) e.getLinkFlag() + "'");
            }
        }
        unpacked.add(target);
        metadata(target, e);
    }

    private void metadata(Path target, TarArchiveEntry e) throws IOException {
        // chown first: it clears setuid/setgid bits that chmod then restores.
        Posix.lchown(target, (int) e.getLongUserId(), (int) e.getLongGroupId());
        if (!e.isSymbolicLink()) {
            Posix.chmod(target, e.getMode());
        }
        for (Map.Entry<String, String> h : e.getExtraPaxHeaders().entrySet()) {
            if (h.getKey().startsWith(PAX_XATTR)) {
                String attr = h.getKey().substring(PAX_XATTR.length());
                Posix.lsetxattr(target, attr, h.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        Instant mtime = e.getLastModifiedTime().toInstant();
        Instant atime = e.getLastAccessTime() != null ? e.getLastAccessTime().toInstant() : mtime;
        if (e.isDirectory()) {
            dirTimes.add(new DirTimes(target, atime, mtime));
        } else {
            Posix.lutimes(target, atime, mtime);
        }
    }

    private void hardLink(Path target, String linkName) throws IOException {
        String cleaned;
        try {
            cleaned = clean(linkName);
        } catch (UnsafeLayerException ex) {
            throw new UnsafeLayerException("hard link " + root.relativize(target) + " -> " + linkName + " points outside the root");
        }
        Path source;
        try {
            source = ScopedPath.resolve(root, cleaned, false, ScopedPath.Mode.STRICT);
        } catch (ScopedPath.EscapeException ex) {
            throw new UnsafeLayerException("hard link " + root.relativize(target) + " -> " + linkName + ": " + ex.getMessage());
        }
        FileStat st = statOrNull(source);
        if (cleaned.isEmpty() || st == null || st.isDirectory()) {
            throw new UnsafeLayerException("hard link " + root.relativize(target) + " -> " + linkName
                    + ": target is not a file inside the layer");
        }
        Files.createLink(target, source);
    }

    private void whiteout(Path hidden) throws IOException {
        if (mode == WhiteoutMode.APPLY) {
            if (statOrNull(hidden) != null) {
                delete(hidden);
            }
        } else {
            if (statOrNull(hidden) != null) {
                delete(hidden);
            }
            Posix.mknod(hidden, Posix.S_IFCHR, 0);
            unpacked.add(hidden);
        }
    }

    private void opaque(Path dir) throws IOException {
        if (mode == WhiteoutMode.OVERLAY) {
            Posix.lsetxattr(dir, OVERLAY_OPAQUE_XATTR, "y".getBytes(StandardCharsets.US_ASCII));
        } else {
            clearExceptUnpacked(dir);
        }
    }

    /** Removes what lower layers put in {@code dir}, keeping what this layer already unpacked there. */
    private void clearExceptUnpacked(Path dir) throws IOException {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path c : children) {
                if (!unpacked.contains(c)) {
                    delete(c);
                } else if (Files.isDirectory(c, LinkOption.NOFOLLOW_LINKS)) {
                    clearExceptUnpacked(c);
                }
            }
        }
    }

    private void mkdirs(Path dir) throws IOException {
        FileStat st = statOrNull(dir);
        if (st != null) {
            if (!st.isDirectory()) {
                throw new IOException("layer entry parent " + root.relativize(dir) + " is not a directory");
            }
            return;
        }
        mkdirs(dir.getParent());
        Files.createDirectory(dir);
        Posix.chmod(dir, 0755);
    }

    private static FileStat statOrNull(Path p) throws IOException {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS) ? FileStat.of(p) : null;
    }

    /** Deletes a file, symlink or whole tree without following symlinks. */
    static void delete(Path p) throws IOException {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> children = Files.newDirectoryStream(p)) {
                for (Path c : children) {
                    delete(c);
                }
            }
        }
        Files.delete(p);
    }
}
