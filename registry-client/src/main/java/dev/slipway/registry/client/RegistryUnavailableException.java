package dev.slipway.registry.client;

/**
 * The registry could not be used right now: connection refused or dropped, timed out, {@code 5xx} after every retry,
 * or rate limited ({@code 429}) for longer than the client waits. Content mirrored earlier may still be served.
 */
public final class RegistryUnavailableException extends RegistryException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Creates the exception. */
    public RegistryUnavailableException(String message) {
        super(message);
    }
}
