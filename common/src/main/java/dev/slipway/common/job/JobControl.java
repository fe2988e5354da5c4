package dev.slipway.common.job;

import java.time.Instant;

/**
 * A control record on {@link Topics#JOB_CONTROL} that every worker instance reads; the one running the job acts.
 *
 * @param jobId   the job
 * @param action  what to do
 * @param at      when it was requested
 * @param attempt the attempt it concerns; {@code null} for every attempt (a cancel)
 */
public record JobControl(JobId jobId, Action action, Instant at, Integer attempt) {

    /** What a control record asks for. */
    public enum Action {
        /** Stop the job; the worker answers with {@link JobCancelled}. */
        CANCEL,
        /**
         * The gateway published the job again as a later attempt (the worker of {@link #attempt} went silent): a
         * worker that has not started this attempt yet must not start it, because the later one does the same work.
         */
        SUPERSEDED
    }

    /** @throws IllegalArgumentException if a field is missing, or a SUPERSEDED record names no attempt */
    public JobControl {
        if (jobId == null || action == null || at == null) {
            throw new IllegalArgumentException("job control needs jobId, action and at");
        }
        if (action == Action.SUPERSEDED && (attempt == null || attempt < 1)) {
            throw new IllegalArgumentException("a superseded record names the attempt (≥ 1) it supersedes");
        }
    }

    /** A control record for every attempt of the job ({@link Action#CANCEL}). */
    public JobControl(JobId jobId, Action action, Instant at) {
        this(jobId, action, at, null);
    }

    /**
     * @param jobId   the job
     * @param attempt the attempt that a later one replaces
     * @param at      when
     * @return the record telling workers not to start {@code attempt}
     */
    public static JobControl superseded(JobId jobId, int attempt, Instant at) {
        return new JobControl(jobId, Action.SUPERSEDED, at, attempt);
    }
}
