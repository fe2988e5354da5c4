package dev.slipway.common.job;

/** Lifecycle state of a job, as the gateway reports it. */
public enum JobState {
    /** Accepted and published, not yet picked up by a worker. */
    QUEUED,
    /** A worker is executing it. */
    RUNNING,
    /** Finished successfully. */
    SUCCEEDED,
    /** Finished with an error. */
    FAILED,
    /** Cancelled by a user before it finished. */
    CANCELLED;

    /** @return whether the job can no longer change state */
    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
