package dev.slipway.worker.cache;

import dev.slipway.common.oci.Descriptor;
import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.ImageConfig;
import java.util.Objects;

/**
 * What a cached step produced: its layer (null for a step that changed nothing) and its history entry.
 *
 * @param layer the compressed layer blob's descriptor, or null
 * @param diffId the layer's uncompressed digest, or null
 * @param history the step's history entry (its {@code created} is reused, so a cached build is reproducible)
 */
public record CacheEntry(Descriptor layer, Digest diffId, ImageConfig.History history) {
    public CacheEntry {
        Objects.requireNonNull(history, "history");
        if ((layer == null) != (diffId == null)) {
            throw new IllegalArgumentException("layer and diffId come together");
        }
    }
}
