package dev.slipway.common.oci;

/**
 * Thrown when a string is not a valid OCI content digest, or a computed digest does not match the expected one.
 * The message names the offending value and the rule it breaks, e.g.
 * {@code invalid digest "sha256:abc": sha256 digest must be 64 lowercase hex characters}.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/descriptor.md#digests">OCI descriptor digests</a>
 */
public class InvalidDigestException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, naming the value and the rule
     */
    public InvalidDigestException(String message) {
        super(message);
    }
}
