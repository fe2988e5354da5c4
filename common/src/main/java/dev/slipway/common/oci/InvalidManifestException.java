package dev.slipway.common.oci;

/**
 * Thrown when bytes are not a valid image manifest or index: not JSON, a missing or mistyped field, an invalid
 * digest inside, or an unsupported media type. The message names the field by its JSON path, e.g.
 * {@code invalid manifest: layers[1].digest: invalid digest "sha256:abc": sha256 digest must be 64 lowercase hex characters}.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/manifest.md">OCI image manifest</a>
 */
public class InvalidManifestException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the field */
    public InvalidManifestException(String message) {
        super(message);
    }
}
