package dev.slipway.layerstore.error;

import java.util.Map;

/**
 * A request the registry refuses with one of the spec's error codes. Thrown by the services, turned into the OCI error
 * body {@code {"errors":[{"code","message","detail"}]}} at the HTTP edge.
 */
public class RegistryException extends RuntimeException {

    private final ErrorCode code;
    private final int status;
    private final Map<String, Object> detail;

    /**
     * @param code   the spec's error code
     * @param detail what the client needs to fix it (shown as {@code message}); the code's own message is used when null
     */
    public RegistryException(ErrorCode code, String detail) {
        this(code, code.status(), detail, Map.of());
    }

    /**
     * @param code    the spec's error code
     * @param status  the HTTP status, when it differs from the code's default (413 for an oversized manifest, 507 for
     *                a full disk)
     * @param message the explanation
     * @param detail  structured detail, e.g. {@code {"digest": "sha256:…"}}
     */
    public RegistryException(ErrorCode code, int status, String message, Map<String, Object> detail) {
        super(message == null ? code.message() : message);
        this.code = code;
        this.status = status;
        this.detail = Map.copyOf(detail);
    }

    /** @return the spec's error code */
    public ErrorCode code() {
        return code;
    }

    /** @return the HTTP status to answer */
    public int status() {
        return status;
    }

    /** @return structured detail (possibly empty) */
    public Map<String, Object> detail() {
        return detail;
    }

    /**
     * An answer to the client, not a fault: no stack to capture (a 404 is the usual reply to a HEAD,
     * and capturing it costs more than answering).
     */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
