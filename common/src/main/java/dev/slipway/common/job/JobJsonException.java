package dev.slipway.common.job;

/** Thrown by {@link JobJson} when bytes are not valid JSON for the requested type, or a value cannot be written. */
public class JobJsonException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong
     * @param cause the Jackson error
     */
    public JobJsonException(String message, Throwable cause) {
        super(message, cause);
    }
}
