package dev.slipway.layerstore.blob;

import java.util.Objects;

/**
 * The outcome of a write.
 *
 * @param blob          the stored blob
 * @param alreadyStored true when an identical copy existed and the new bytes were dropped (a dedupe hit)
 */
public record IngestResult(BlobInfo blob, boolean alreadyStored) {

    /** Validates the fields. */
    public IngestResult {
        Objects.requireNonNull(blob, "blob");
    }
}
