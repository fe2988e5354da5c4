package dev.slipway.layerstore.cache;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A build-cache entry: what a build step produced, keyed by the step's cache key (parent digest + instruction).
 *
 * @param layer        the layer the step produced
 * @param diffId       digest of the uncompressed layer (the image config's {@code rootfs.diff_ids} entry)
 * @param configChange how the step changed the image config (opaque to the layer-store), may be null
 */
public record CacheEntry(Layer layer, String diffId, JsonNode configChange) {

    /**
     * A layer descriptor.
     *
     * @param mediaType layer media type
     * @param digest    digest of the (compressed) layer blob
     * @param size      its size
     */
    public record Layer(String mediaType, String digest, long size) {
    }
}
