package dev.slipway.layerstore.manifest;

import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.MediaType;
import java.util.Objects;

/**
 * A manifest as served: its exact bytes.
 *
 * @param digest    digest of the bytes
 * @param mediaType the media type to serve as {@code Content-Type}
 * @param bytes     the exact bytes pushed
 */
public record StoredManifest(Digest digest, MediaType mediaType, byte[] bytes) {

    /** Validates the fields; the array is not copied (served as is, never modified). */
    public StoredManifest {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(bytes, "bytes");
    }
}
