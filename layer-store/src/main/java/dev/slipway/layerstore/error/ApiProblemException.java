package dev.slipway.layerstore.error;

/**
 * A refusal under {@code /api/v1}, answered as {@code application/problem+json} with a stable {@code code}.
 */
public class ApiProblemException extends RuntimeException {

    private final int status;
    private final String code;

    /**
     * @param status HTTP status
     * @param code   stable machine-readable code, e.g. {@code CACHE_MISS}
     * @param detail what happened, for people
     */
    public ApiProblemException(int status, String code, String detail) {
        super(detail);
        this.status = status;
        this.code = code;
    }

    /** @return HTTP status */
    public int status() {
        return status;
    }

    /** @return the stable code */
    public String code() {
        return code;
    }

    /**
     * An answer to the client, not a fault: no stack to capture (a cache miss is the usual reply,
     * and capturing it costs more than answering).
     */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
