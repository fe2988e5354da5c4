package dev.slipway.registry.client;

/**
 * A registry operation failed. Subclasses say whether the cause is authentication, missing content or an unavailable
 * registry; this class itself covers protocol errors (unexpected answers, digest mismatches).
 */
public class RegistryException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that names the registry and the operation. */
    public RegistryException(String message) {
        super(message);
    }

    /** Creates the exception with its cause. */
    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
