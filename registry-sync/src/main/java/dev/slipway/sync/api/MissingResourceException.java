package dev.slipway.sync.api;

/** The addressed resource does not exist; answered 404 with {@link #code()}. */
public final class MissingResourceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;

    /** Creates the exception with a stable code ({@code mirror-not-found}) and a message. */
    public MissingResourceException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** The stable problem code. */
    public String code() {
        return code;
    }
}
