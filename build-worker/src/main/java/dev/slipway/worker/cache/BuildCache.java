package dev.slipway.worker.cache;

import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.worker.registry.LayerStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster-wide build cache: step key → step result, shared by every worker. Layer blobs of cached steps are
 * kept where {@link #blobRepository()} names, so any worker can reuse them. Thread-safe.
 */
public interface BuildCache {

    /**
     * The cache kept in the layer-store's cache API ({@code /api/v1/cache/{key}}) at {@code base}, with its layers
     * in {@code registry}.
     */
    static BuildCache inLayerStore(URI base, LayerStore registry) {
        return new LayerStoreCache(base, registry);
    }

    /** The result of a step with this key, if any worker built it. */
    Optional<CacheEntry> lookup(Digest key) throws IOException;

    /**
     * Records a step result.
     *
     * @param layerFile the compressed layer when {@code entry} has one (uploaded unless already stored)
     */
    void store(Digest key, CacheEntry entry, Path layerFile) throws IOException;

    /** The key parts of every step of the last build of {@code subject} (e.g. Dockerfile path and tag). */
    Optional<List<Map<String, String>>> lastBuild(String subject) throws IOException;

    /** Remembers the key parts of a build of {@code subject}, to explain the next build's misses. */
    void recordBuild(String subject, List<Map<String, String>> steps) throws IOException;

    /** The repository holding cached layer blobs. */
    RepositoryName blobRepository();
}
