package dev.slipway.common.job;

import java.time.Instant;

/**
 * A control record on {@link Topics#JOB_CONTROL} that every worker instance reads; the one running the job acts.
 *
 * @param jobId the job
 * @param action what to do
 * @param at when it was requested
 */
public record JobControl(JobId jobId, Action action, Instant at) {

    /** What a control record asks for. */
    public enum Action {
        /** Stop the job; the worker answers with {@link JobCancelled}. */
        CANCEL
    }

    /** @throws IllegalArgumentException if a field is missing */
    public JobControl {
        if (jobId == null || action == null || at == null) {
            throw new IllegalArgumentException("job control needs jobId, action and at");
        }
    }
}
