package dev.slipway.gateway.error;

/**
 * A failure the client caused or must know about, answered as problem+json with the given {@link ErrorCode}.
 */
public class ApiException extends RuntimeException {

    private final ErrorCode code;

    /**
     * @param code   the stable code and status
     * @param detail what exactly went wrong, for a human
     */
    public ApiException(ErrorCode code, String detail) {
        super(detail);
        this.code = code;
    }

    /** @return the stable code and status */
    public ErrorCode code() {
        return code;
    }
}
