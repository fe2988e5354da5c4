package dev.slipway.worker.snapshot;

import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.DigestingInputStream;
import dev.slipway.worker.layer.Compression;
import dev.slipway.worker.layer.LayerExtractor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The worker's unpacked layers, one directory per layer in overlayfs form (whiteouts as 0/0 character devices,
 * opaque directories marked by xattr), named by the layer's diff id. A layer is unpacked once per worker and
 * then shared by every snapshot stacked on it. Thread-safe: concurrent requests for one layer unpack it once.
 *
 * <pre>
 * &lt;work&gt;/layers/&lt;first 24 hex of diff id&gt;/   one unpacked layer
 * &lt;work&gt;/layers/.tmp-*                        unpacking in progress (renamed into place when verified)
 * </pre>
 */
public final class LayerDirectory {

    /** Where a missing layer's compressed blob comes from. */
    @FunctionalInterface
    public interface BlobFetcher {
        /** Writes the compressed blob to {@code dest}. */
        void fetch(Path dest) throws IOException;
    }

    private final Path root;
    private final ConcurrentHashMap<Digest, ReentrantLock> locks = new ConcurrentHashMap<>();

    public LayerDirectory(Path root) throws IOException {
        this.root = Files.createDirectories(root);
    }

    /** The directory of a layer (it may not exist yet). */
    public Path path(Digest diffId) {
        return root.resolve(diffId.hex().substring(0, 24));
    }

    public boolean contains(Digest diffId) {
        return Files.isDirectory(path(diffId), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Returns the unpacked layer, fetching and unpacking it first when needed; the uncompressed stream must hash to
     * {@code diffId}.
     */
    public Path ensure(Digest diffId, Compression compression, BlobFetcher fetcher) throws IOException {
        Path dir = path(diffId);
        if (contains(diffId)) {
            touch(dir);
            return dir;
        }
        ReentrantLock lock = locks.computeIfAbsent(diffId, d -> new ReentrantLock());
        lock.lock();
        try {
            if (contains(diffId)) {
                return dir;
            }
            Path blob = Files.createTempFile(root, ".blob-", "");
            Path tmp = Files.createTempDirectory(root, ".tmp-");
            try {
                fetcher.fetch(blob);
                DigestingInputStream uncompressed;
                try (InputStream in = compression.decompress(Files.newInputStream(blob))) {
                    uncompressed = new DigestingInputStream(in, diffId.algorithm());
                    LayerExtractor.extract(uncompressed, tmp, LayerExtractor.WhiteoutMode.OVERLAY);
                    uncompressed.transferTo(java.io.OutputStream.nullOutputStream());
                }
                if (!uncompressed.digest().equals(diffId)) {
                    throw new IOException("layer content has diff id " + uncompressed.digest() + ", expected " + diffId);
                }
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
                return dir;
            } finally {
                Files.deleteIfExists(blob);
                if (Files.exists(tmp, LinkOption.NOFOLLOW_LINKS)) {
                    Trees.delete(tmp);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Moves a committed upper directory into place as the layer {@code diffId} (kept if already present). */
    public Path adopt(Digest diffId, Path upper) throws IOException {
        Path dir = path(diffId);
        ReentrantLock lock = locks.computeIfAbsent(diffId, d -> new ReentrantLock());
        lock.lock();
        try {
            if (contains(diffId)) {
                Trees.delete(upper);
            } else {
                Files.move(upper, dir, StandardCopyOption.ATOMIC_MOVE);
            }
            return dir;
        } finally {
            lock.unlock();
        }
    }

    /** Records use, for least-recently-used eviction. */
    private static void touch(Path dir) {
        try {
            Files.setLastModifiedTime(dir, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException ignored) {
            // eviction order is best effort
        }
    }
}
