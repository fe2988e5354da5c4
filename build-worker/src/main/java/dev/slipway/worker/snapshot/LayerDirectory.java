package dev.slipway.worker.snapshot;

import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.DigestingInputStream;
import dev.slipway.worker.layer.Compression;
import dev.slipway.worker.layer.LayerExtractor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The worker's unpacked layers, one directory per layer in overlayfs form (whiteouts as 0/0 character devices,
 * opaque directories marked by xattr), named by the layer's diff id. A layer is unpacked once per worker and
 * then shared by every snapshot stacked on it. The directory is bounded ({@code worker.layer-cache.max-size}): beyond
 * the bound the least recently used layers that no {@link Lease} holds are removed (their blobs stay in the
 * layer-store, so a later build unpacks them again). Thread-safe: concurrent requests for one layer unpack it once.
 *
 * <pre>
 * &lt;work&gt;/layers/&lt;first 24 hex of diff id&gt;/   one unpacked layer
 * &lt;work&gt;/layers/.tmp-*                        unpacking in progress (renamed into place when verified)
 * &lt;work&gt;/layers/.trash-*                      evicted, being deleted
 * </pre>
 */
public final class LayerDirectory {

    /** Where a missing layer's compressed blob comes from. */
    @FunctionalInterface
    public interface BlobFetcher {
        /** Writes the compressed blob to {@code dest}. */
        void fetch(Path dest) throws IOException;
    }

    private final LruDirectory entries;
    private final ConcurrentHashMap<Digest, ReentrantLock> locks = new ConcurrentHashMap<>();

    /**
     * @param root the directory of unpacked layers
     * @param maxBytes the bound on their total size
     */
    public LayerDirectory(Path root, long maxBytes) throws IOException {
        this.entries = new LruDirectory(root, maxBytes);
    }

    /** The directory of a layer (it may not exist yet). */
    public Path path(Digest diffId) {
        return entries.root().resolve(name(diffId));
    }

    /** Whether the layer is unpacked here now. */
    public boolean contains(Digest diffId) {
        return entries.contains(name(diffId));
    }

    /** Bytes of all unpacked layers. */
    public long totalBytes() {
        return entries.totalBytes();
    }

    /** A new, empty hold on layers: what it holds is never evicted until it is closed. */
    public Lease lease() {
        return new Lease();
    }

    /** Layers a snapshot (or a read-only view) stacks on; closing releases them for eviction. Not thread-safe. */
    public final class Lease implements AutoCloseable {
        private final List<String> held = new ArrayList<>();

        private Lease() {
        }

        /**
         * Returns the unpacked layer, held by this lease; fetches and unpacks it first when needed. The uncompressed
         * stream must hash to {@code diffId}.
         */
        public Path add(Digest diffId, Compression compression, BlobFetcher fetcher) throws IOException {
            Path dir = ensure(diffId, compression, fetcher);
            held.add(name(diffId));
            return dir;
        }

        @Override
        public void close() {
            held.forEach(n -> entries.unpin(n, -1));
            held.clear();
            entries.evict();
        }
    }

    /** Unpacks the layer unless it is there, and pins it either way. */
    private Path ensure(Digest diffId, Compression compression, BlobFetcher fetcher) throws IOException {
        Path dir = path(diffId);
        if (entries.pinIfPresent(name(diffId))) {
            touch(dir);
            return dir;
        }
        ReentrantLock lock = locks.computeIfAbsent(diffId, d -> new ReentrantLock());
        lock.lock();
        try {
            if (entries.pinIfPresent(name(diffId))) {
                return dir;
            }
            Path root = entries.root();
            Path blob = Files.createTempFile(root, ".blob-", "");
            Path tmp = Files.createTempDirectory(root, ".tmp-");
            try {
                fetcher.fetch(blob);
                DigestingInputStream uncompressed;
                try (InputStream in = compression.decompress(Files.newInputStream(blob))) {
                    uncompressed = new DigestingInputStream(in, diffId.algorithm());
                    LayerExtractor.extract(uncompressed, tmp, LayerExtractor.WhiteoutMode.OVERLAY);
                    uncompressed.transferTo(OutputStream.nullOutputStream());
                }
                if (!uncompressed.digest().equals(diffId)) {
                    throw new IOException("layer content has diff id " + uncompressed.digest() + ", expected " + diffId);
                }
                long size = LruDirectory.sizeOf(tmp);
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
                touch(dir);
                entries.add(name(diffId), size, true);
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
            if (entries.pinIfPresent(name(diffId))) {
                Trees.delete(upper);
                entries.unpin(name(diffId), -1);
            } else {
                long size = LruDirectory.sizeOf(upper);
                Files.move(upper, dir, StandardCopyOption.ATOMIC_MOVE);
                touch(dir);
                entries.add(name(diffId), size, false);
            }
        } finally {
            lock.unlock();
        }
        entries.evict();
        return dir;
    }

    private static String name(Digest diffId) {
        return diffId.hex().substring(0, 24);
    }

    /** Records use on disk too, so a restarted worker keeps the eviction order. */
    private static void touch(Path dir) {
        try {
            Files.setLastModifiedTime(dir, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException ignored) {
            // the order after a restart is best effort
        }
    }
}
