package dev.slipway.gateway.registry;

/** registry-sync could not be reached or could not answer. */
public class RegistrySyncException extends RuntimeException {

    /**
     * @param message what failed
     * @param cause   underlying error, may be null
     */
    public RegistrySyncException(String message, Throwable cause) {
        super(message, cause);
    }
}
