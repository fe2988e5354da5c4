package dev.slipway.sync.api;

/** The request clashes with something that exists; answered 409 with {@link #code()}. */
public final class ConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;

    /** Creates the exception with a stable code and a message. */
    public ConflictException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** The stable problem code. */
    public String code() {
        return code;
    }
}
