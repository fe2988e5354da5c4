package dev.slipway.layerstore.images;

import java.time.Instant;

/**
 * One row of {@code docker images}: a tag and the image it points at.
 *
 * @param repository repository name
 * @param tag        tag
 * @param id         image id: the config digest (of the first platform's image, for an index)
 * @param digest     the tagged manifest's digest
 * @param created    creation time from the image config, when it records one
 * @param size       sum of the layer sizes in bytes
 * @param sizeKind   {@code uncompressed} when every layer is an uncompressed tar, else {@code compressed} (the sizes
 *                   of the compressed layer blobs, as pushed)
 */
public record ImageRow(String repository, String tag, String id, String digest, Instant created, long size,
        String sizeKind) {
}
