package dev.slipway.layerstore.images;

/**
 * How much deduplication saves.
 *
 * @param repositories  repositories
 * @param manifests     manifests (a manifest in two repositories counts twice)
 * @param blobs         unique blobs stored
 * @param logicalBytes  sum, over all manifests, of the sizes of the blobs each references
 * @param physicalBytes sum of the sizes of the unique blobs stored
 * @param dedupeRatio   logical / physical (1.0 when nothing is stored)
 */
public record StoreStats(long repositories, long manifests, long blobs, long logicalBytes, long physicalBytes,
        double dedupeRatio) {
}
