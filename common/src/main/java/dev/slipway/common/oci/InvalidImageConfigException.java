package dev.slipway.common.oci;

/**
 * Thrown when bytes are not a valid image configuration; the message names the field by its JSON path.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/config.md">OCI image configuration</a>
 */
public class InvalidImageConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the field */
    public InvalidImageConfigException(String message) {
        super(message);
    }
}
