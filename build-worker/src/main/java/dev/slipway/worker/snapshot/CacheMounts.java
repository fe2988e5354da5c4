package dev.slipway.worker.snapshot;

import dev.slipway.common.oci.Digest;
import dev.slipway.worker.fs.Posix;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The directories of {@code RUN --mount=type=cache}: one per cache id, kept on this worker across builds and never
 * part of a layer. Bounded ({@code worker.cache-mounts.max-size}): beyond the bound, the least recently used
 * directories that no running step has mounted are removed (a cache may always be lost; the next step refills it).
 * Thread-safe.
 *
 * <pre>
 * &lt;work&gt;/cache-mounts/&lt;first 24 hex of sha256(id)&gt;/   one cache
 * </pre>
 */
public final class CacheMounts {

    private final LruDirectory entries;

    /**
     * @param root where the cache directories live
     * @param maxBytes the bound on their total size
     */
    public CacheMounts(Path root, long maxBytes) throws IOException {
        this.entries = new LruDirectory(root, maxBytes);
    }

    /**
     * Mounts a cache for one step: the directory, created with the owner and mode asked for when it is new.
     * Close the handle when the step ends.
     */
    public Handle acquire(String id, int uid, int gid, int mode) throws IOException {
        String name = name(id);
        Path dir = entries.root().resolve(name);
        synchronized (this) {
            if (!entries.pinIfPresent(name)) {
                Files.createDirectory(dir);
                Posix.lchown(dir, uid, gid);
                Posix.chmod(dir, mode);
                entries.add(name, 0, true);
            }
        }
        return new Handle(name, dir);
    }

    /** Bytes of all cache directories, as measured when their steps ended. */
    public long totalBytes() {
        return entries.totalBytes();
    }

    /** The directory a cache id lives in (it may not exist). */
    public Path path(String id) {
        return entries.root().resolve(name(id));
    }

    private static String name(String id) {
        return Digest.sha256(id.getBytes(StandardCharsets.UTF_8)).hex().substring(0, 24);
    }

    /** A cache mounted by one step; closing measures what the step left and releases it for eviction. */
    public final class Handle implements AutoCloseable {
        private final String name;
        private final Path dir;
        private boolean closed;

        private Handle(String name, Path dir) {
            this.name = name;
            this.dir = dir;
        }

        /** The directory to bind-mount. */
        public Path path() {
            return dir;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            long size = -1;
            try {
                size = LruDirectory.sizeOf(dir);
            } catch (IOException e) {
                // keep the size recorded before: eviction order matters more than exact bytes
            }
            entries.unpin(name, size);
            entries.evict();
        }
    }
}
