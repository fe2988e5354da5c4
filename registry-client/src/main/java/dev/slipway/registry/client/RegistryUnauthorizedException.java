package dev.slipway.registry.client;

/** The registry refused the credentials or denied access; never retried, because retrying cannot help. */
public final class RegistryUnauthorizedException extends RegistryException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public RegistryUnauthorizedException(String message) {
        super(message);
    }
}
