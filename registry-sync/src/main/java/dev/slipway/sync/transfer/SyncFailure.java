package dev.slipway.sync.transfer;

/**
 * A pull or push that cannot succeed, with a reason a client can act on. The message is what the user sees in the
 * job's failure or the API's problem detail.
 */
public final class SyncFailure extends Exception {

    /** Why it failed. */
    public enum Reason {
        /** The image exists neither upstream nor in the layer-store. */
        NOT_FOUND,
        /** The registry refused the credentials or access. */
        UNAUTHORIZED,
        /** A registry could not be reached or kept failing, and nothing usable was mirrored. */
        UNAVAILABLE,
        /** The request or the registry's answer was invalid. */
        INVALID
    }

    private static final long serialVersionUID = 1L;

    private final Reason reason;

    /** Creates the failure. */
    public SyncFailure(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** Why it failed. */
    public Reason reason() {
        return reason;
    }
}
