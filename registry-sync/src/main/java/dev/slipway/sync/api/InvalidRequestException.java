package dev.slipway.sync.api;

/** A request body or parameter that is missing or invalid; answered 400 with {@link #code()}. */
public final class InvalidRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;

    /** Creates the exception with a stable code ({@code invalid-request}) and a message naming the field. */
    public InvalidRequestException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** The stable problem code. */
    public String code() {
        return code;
    }
}
