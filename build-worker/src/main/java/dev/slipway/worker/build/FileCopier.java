package dev.slipway.worker.build;

import dev.slipway.common.oci.Digest;
import dev.slipway.worker.context.SourceRoot;
import dev.slipway.worker.fs.FileStat;
import dev.slipway.worker.fs.Posix;
import dev.slipway.worker.fs.ScopedPath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * COPY/ADD file semantics: files keep their permission bits (or take {@code --chmod}) and times, become owned by
 * 0:0 (or {@code --chown}); a directory source copies its contents; symlinks inside copied directories stay
 * symlinks; the destination is resolved inside the rootfs, so a symlinked {@code /etc} leads into the rootfs,
 * never the host. Also digests sources for cache keys (content, path, mode — not mtime).
 */
final class FileCopier {

    /** Owner and mode overrides. */
    record Attributes(Integer uid, Integer gid, Integer mode) {
        static final Attributes DEFAULT = new Attributes(null, null, null);
    }

    private FileCopier() {
    }

    /** Copies one matched source to {@code target} (a file path, or the directory receiving a directory's contents). */
    static void copy(SourceRoot source, SourceRoot.Match match, Path rootfs, String target, Attributes attrs,
                     Map<String, Path> links) throws IOException {
        Path dest = ScopedPath.resolve(rootfs, target, true, ScopedPath.Mode.IN_SCOPE);
        mkdirs(rootfs, dest.getParent());
        FileStat st = FileStat.of(match.path());
        if (st.isDirectory()) {
            if (!Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS)) {
                if (Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) {
                    Files.delete(dest);
                }
                Files.createDirectory(dest);
                apply(dest, st, attrs);
            }
            copyChildren(source, match.relative(), match.path(), dest, attrs, links);
        } else {
            copyEntry(match.path(), st, dest, attrs, links);
        }
    }

    private static void copyChildren(SourceRoot source, String relative, Path dir, Path dest, Attributes attrs,
                                     Map<String, Path> links) throws IOException {
        List<Path> children;
        try (Stream<Path> s = Files.list(dir)) {
            children = s.sorted().toList();
        }
        for (Path c : children) {
            String rel = relative.isEmpty() ? c.getFileName().toString() : relative + "/" + c.getFileName();
            if (source.excluded(rel)) {
                continue;
            }
            FileStat st = FileStat.of(c);
            Path d = dest.resolve(c.getFileName().toString());
            if (st.isDirectory()) {
                if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                    if (Files.exists(d, LinkOption.NOFOLLOW_LINKS)) {
                        Files.delete(d);
                    }
                    Files.createDirectory(d);
                }
                copyChildren(source, rel, c, d, attrs, links);
                apply(d, st, attrs);
            } else {
                copyEntry(c, st, d, attrs, links);
            }
        }
    }

    private static void copyEntry(Path src, FileStat st, Path dest, Attributes attrs, Map<String, Path> links)
            throws IOException {
        if (Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("cannot replace directory " + dest.getFileName() + " with a file");
        }
        Files.deleteIfExists(dest);
        if (st.isRegular() && st.nlink() > 1) {
            // Hard links among the copied files stay hard links, as BuildKit copies them.
            Path first = links.putIfAbsent(st.dev() + ":" + st.ino(), dest);
            if (first != null) {
                Files.createLink(dest, first);
                return;
            }
        }
        if (st.isSymlink()) {
            Files.createSymbolicLink(dest, Files.readSymbolicLink(src));
        } else if (st.isRegular()) {
            Files.copy(src, dest, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        } else if (st.isFifo() || st.isCharDevice() || st.isBlockDevice()) {
            Posix.mknod(dest, st.mode(), st.rdev());
        } else {
            return; // sockets are not copied
        }
        apply(dest, st, attrs);
    }

    private static void apply(Path p, FileStat st, Attributes attrs) throws IOException {
        Posix.lchown(p, attrs.uid() == null ? 0 : attrs.uid(), attrs.gid() == null ? 0 : attrs.gid());
        if (!st.isSymlink()) {
            Posix.chmod(p, attrs.mode() == null ? st.permissions() : attrs.mode());
        }
        Posix.lutimes(p, st.mtime(), st.mtime());
    }

    /** Creates missing parents inside the rootfs as root-owned 0755 directories. */
    static void mkdirs(Path rootfs, Path dir) throws IOException {
        if (dir == null || Files.isDirectory(dir) || dir.equals(rootfs)) {
            return;
        }
        mkdirs(rootfs, dir.getParent());
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("not a directory: /" + rootfs.relativize(dir));
        }
        Files.createDirectory(dir);
        Posix.chmod(dir, 0755);
    }

    /**
     * Appends a line per file of a source to {@code out}: relative path, type, mode and content digest (or symlink
     * target). Ownership and mtimes of context files do not matter: COPY sets them.
     */
    static void describe(SourceRoot source, SourceRoot.Match match, StringBuilder out) throws IOException {
        describe(source, match.relative(), match.path(), "", out);
    }

    private static void describe(SourceRoot source, String relative, Path p, String shown, StringBuilder out)
            throws IOException {
        FileStat st = FileStat.of(p);
        out.append(shown.isEmpty() ? "." : shown).append(' ').append(Integer.toOctalString(st.mode())).append(' ');
        if (!source.isContext()) {
            out.append(st.uid()).append(':').append(st.gid()).append(' ');
        }
        if (st.isRegular()) {
            try (InputStream in = Files.newInputStream(p)) {
                out.append(Digest.compute(Digest.Algorithm.SHA256, in));
            }
        } else if (st.isSymlink()) {
            out.append("-> ").append(Files.readSymbolicLink(p));
        }
        out.append('\n');
        if (st.isDirectory()) {
            List<Path> children;
            try (Stream<Path> s = Files.list(p)) {
                children = s.sorted().toList();
            }
            for (Path c : children) {
                String rel = relative.isEmpty() ? c.getFileName().toString() : relative + "/" + c.getFileName();
                if (!source.excluded(rel)) {
                    describe(source, rel, c, shown.isEmpty() ? c.getFileName().toString() : shown + "/" + c.getFileName(), out);
                }
            }
        }
    }
}
