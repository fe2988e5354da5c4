package dev.slipway.layerstore.blob;

import dev.slipway.common.oci.Digest;
import java.time.Instant;
import java.util.Objects;

/**
 * A stored blob.
 *
 * @param digest   its digest
 * @param size     its length in bytes
 * @param storedAt when the copy was published
 */
public record BlobInfo(Digest digest, long size, Instant storedAt) {

    /** Validates the fields. */
    public BlobInfo {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(storedAt, "storedAt");
        if (size < 0) {
            throw new IllegalArgumentException("blob size must not be negative: " + size);
        }
    }
}
