package dev.slipway.registry.client;

/** The registry answered that the repository, manifest, tag or blob does not exist. */
public final class RegistryNotFoundException extends RegistryException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public RegistryNotFoundException(String message) {
        super(message);
    }
}
