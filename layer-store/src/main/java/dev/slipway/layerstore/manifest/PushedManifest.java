package dev.slipway.layerstore.manifest;

import dev.slipway.common.oci.Digest;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of a manifest push.
 *
 * @param digest  the canonical digest of the bytes
 * @param subject the manifest's {@code subject}, echoed in {@code OCI-Subject}
 */
public record PushedManifest(Digest digest, Optional<Digest> subject) {

    /** Validates the fields. */
    public PushedManifest {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(subject, "subject");
    }
}
