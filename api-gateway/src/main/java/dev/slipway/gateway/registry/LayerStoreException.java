package dev.slipway.gateway.registry;

/** The layer-store could not be reached or answered with an unexpected status. */
public class LayerStoreException extends RuntimeException {

    /**
     * @param message what failed
     * @param cause   the underlying error, may be null
     */
    public LayerStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
