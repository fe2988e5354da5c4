package dev.slipway.worker.sync;

/** registry-sync could not make an image available; the message says why, for the user. */
public final class PullThroughException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param reason why, without the image reference (the caller names it) */
    public PullThroughException(String reason) {
        super(reason);
    }
}
