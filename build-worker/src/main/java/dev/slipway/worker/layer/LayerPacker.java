package dev.slipway.worker.layer;

import dev.slipway.common.oci.DigestingOutputStream;
import dev.slipway.worker.fs.FileStat;
import dev.slipway.worker.fs.Posix;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Turns an overlayfs upper directory (the changes of one step) into an OCI layer: 0/0 character devices become
 * {@code .wh.<name>} whiteouts, {@code trusted.overlay.opaque=y} directories get a {@code .wh..wh..opq} marker,
 * hard links stay links, entries are sorted, owners numeric, mtimes clamped to {@code SOURCE_DATE_EPOCH} when
 * given (so identical inputs give identical digests). The tar is compressed and both digests are computed while
 * streaming. Thread-safe (stateless).
 */
public final class LayerPacker {

    /** Top-level mount points runc creates in the upper dir when the image lacks them; never part of a layer. */
    private static final Set<String> RUNTIME_MOUNTPOINTS = Set.of("proc", "sys", "dev");
    private static final String PAX_XATTR = "SCHILY.xattr.";

    private LayerPacker() {
    }

    /**
     * @param upper the directory to pack
     * @param out the blob file to write (replaced)
     * @param compression the codec
     * @param sourceDateEpoch clamp for mtimes, or null to keep them
     */
    public static LayerBlob pack(Path upper, Path out, Compression compression, Instant sourceDateEpoch)
            throws IOException {
        DigestingOutputStream compressed;
        DigestingOutputStream uncompressed;
        long entries;
        try (OutputStream file = Files.newOutputStream(out)) {
            compressed = new DigestingOutputStream(new BufferedOutputStream(file, 64 * 1024));
            OutputStream codec = compression.compress(compressed);
            uncompressed = new DigestingOutputStream(codec);
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(uncompressed, 64 * 1024, StandardCharsets.UTF_8.name())) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                Walker w = new Walker(upper, tar, sourceDateEpoch);
                w.directoryChildren(upper, "");
                entries = w.entries;
                tar.finish();
            }
        }
        return new LayerBlob(out, compression.mediaType(), compressed.digest(), compressed.byteCount(),
                uncompressed.digest(), entries);
    }

    /** One walk over the tree; holds the hard-link table. */
    private static final class Walker {
        private final Path root;
        private final TarArchiveOutputStream tar;
        private final Instant clamp;
        private final Map<String, String> inodes = new HashMap<>();
        private long entries;

        Walker(Path root, TarArchiveOutputStream tar, Instant clamp) {
            this.root = root;
            this.tar = tar;
            this.clamp = clamp;
        }

        void directoryChildren(Path dir, String prefix) throws IOException {
            List<Path> children = new ArrayList<>();
            try (Stream<Path> s = Files.list(dir)) {
                s.forEach(children::add);
            }
            Map<Path, FileStat> stats = new HashMap<>();
            Map<Path, String> names = new HashMap<>();
            for (Path c : children) {
                FileStat st = FileStat.of(c);
                stats.put(c, st);
                String name = c.getFileName().toString();
                names.put(c, st.isWhiteout() ? LayerExtractor.WHITEOUT_PREFIX + name : name);
            }
            // Sorted by the names written to the tar, in byte order like Go's sort of path strings.
            children.sort((a, b) -> compareBytes(names.get(a), names.get(b)));
            for (Path c : children) {
                String name = c.getFileName().toString();
                FileStat st = stats.get(c);
                if (prefix.isEmpty() && RUNTIME_MOUNTPOINTS.contains(name) && st.isDirectory() && isEmpty(c)
                        && Posix.lgetxattr(c, LayerExtractor.OVERLAY_OPAQUE_XATTR) == null) {
                    continue;
                }
                path(c, prefix + name, st);
            }
        }

        private static boolean isEmpty(Path dir) throws IOException {
            try (Stream<Path> s = Files.list(dir)) {
                return s.findAny().isEmpty();
            }
        }

        private void path(Path p, String name, FileStat st) throws IOException {
            if (st.isWhiteout()) {
                int slash = name.lastIndexOf('/');
                String wh = name.substring(0, slash + 1) + LayerExtractor.WHITEOUT_PREFIX + name.substring(slash + 1);
                TarArchiveEntry e = new TarArchiveEntry(wh, TarConstants.LF_NORMAL);
                e.setSize(0);
                e.setMode(0100000);
                e.setIds(0, 0);
                e.setModTime(time(st.mtime()));
                put(e, null);
                return;
            }
            TarArchiveEntry e;
            Path content = null;
            if (st.isDirectory()) {
                e = new TarArchiveEntry(name + "/", TarConstants.LF_DIR);
            } else if (st.isSymlink()) {
                e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
                e.setLinkName(Files.readSymbolicLink(p).toString());
            } else if (st.isRegular()) {
                String key = st.dev() + ":" + st.ino();
                String first = st.nlink() > 1 ? inodes.putIfAbsent(key, name) : null;
                if (first != null) {
                    e = new TarArchiveEntry(name, TarConstants.LF_LINK);
                    e.setLinkName(first);
                } else {
                    e = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
                    e.setSize(st.size());
                    content = p;
                }
            } else if (st.isCharDevice() || st.isBlockDevice()) {
                e = new TarArchiveEntry(name, st.isCharDevice() ? TarConstants.LF_CHR : TarConstants.LF_BLK);
                e.setDevMajor((int) Posix.major(st.rdev()));
                e.setDevMinor((int) Posix.minor(st.rdev()));
            } else if (st.isFifo()) {
                e = new TarArchiveEntry(name, TarConstants.LF_FIFO);
            } else {
                return; // sockets are not archived, as in Docker
            }
            e.setMode(st.mode());
            e.setIds(st.uid(), st.gid());
            e.setUserName("");
            e.setGroupName("");
            e.setModTime(time(st.mtime()));
            xattrs(p, e);
            put(e, content);
            if (st.isDirectory()) {
                if (Posix.lgetxattr(p, LayerExtractor.OVERLAY_OPAQUE_XATTR) != null
                        && "y".equals(new String(Posix.lgetxattr(p, LayerExtractor.OVERLAY_OPAQUE_XATTR), StandardCharsets.US_ASCII))) {
                    TarArchiveEntry opq = new TarArchiveEntry(name + "/" + LayerExtractor.OPAQUE_MARKER, TarConstants.LF_NORMAL);
                    opq.setSize(0);
                    opq.setMode(0100000);
                    opq.setIds(0, 0);
                    opq.setModTime(time(st.mtime()));
                    put(opq, null);
                }
                directoryChildren(p, name + "/");
            }
        }

        private void xattrs(Path p, TarArchiveEntry e) throws IOException {
            for (String attr : Posix.llistxattr(p)) {
                // overlay's own bookkeeping and host security labels are not image content
                if (attr.startsWith("trusted.overlay.") || attr.equals("security.selinux")) {
                    continue;
                }
                byte[] v = Posix.lgetxattr(p, attr);
                if (v == null) {
                    continue;
                }
                try {
                    String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(v)).toString();
                    e.addPaxHeader(PAX_XATTR + attr, text);
                } catch (CharacterCodingException binary) {
                    // PAX records are UTF-8 text and commons-compress cannot write raw bytes; a mangled binary
                    // value (e.g. a capability set) would be rejected by the kernel on extraction, so it is left out.
                }
            }
        }

        private FileTime time(Instant t) {
            Instant seconds = Instant.ofEpochSecond(t.getEpochSecond());
            if (clamp != null && seconds.isAfter(clamp)) {
                seconds = clamp;
            }
            return FileTime.from(seconds);
        }

        private void put(TarArchiveEntry e, Path content) throws IOException {
            tar.putArchiveEntry(e);
            if (content != null) {
                try (InputStream in = Files.newInputStream(content)) {
                    in.transferTo(tar);
                }
            }
            tar.closeArchiveEntry();
            entries++;
        }

        private static int compareBytes(String a, String b) {
            byte[] x = a.getBytes(StandardCharsets.UTF_8);
            byte[] y = b.getBytes(StandardCharsets.UTF_8);
            return java.util.Arrays.compareUnsigned(x, y);
        }
    }
}
