package dev.slipway.worker.registry;

import java.io.IOException;

/**
 * A registry answered with an error (or not at all). Carries the HTTP status and the first OCI error code of the
 * body when there was one.
 */
public final class RegistryException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    public RegistryException(String message, int status, String code) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.code = null;
    }

    /** The HTTP status, 0 when no response arrived. */
    public int status() {
        return status;
    }

    /** The OCI error code (e.g. {@code MANIFEST_UNKNOWN}), or null. */
    public String code() {
        return code;
    }
}
