package dev.slipway.common.oci;

/**
 * Thrown when an image reference, repository name or tag does not follow the Docker reference grammar.
 * The message names the offending component and the rule, e.g.
 * {@code invalid reference "Ubuntu": repository name must be lowercase}.
 *
 * @see <a href="https://github.com/distribution/reference/blob/main/reference.go">distribution reference grammar</a>
 */
public class InvalidReferenceException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, naming the component and the rule
     */
    public InvalidReferenceException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong
     * @param cause the underlying error (e.g. an invalid digest)
     */
    public InvalidReferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
