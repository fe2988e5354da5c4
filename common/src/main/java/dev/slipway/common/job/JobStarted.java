package dev.slipway.common.job;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;

/**
 * A worker picked the job up and started the attempt.
 *
 * @param jobId the job
 * @param attempt the attempt, from 1
 * @param sequence the producer's sequence within the attempt
 * @param timestamp when it happened
 * @param worker the id of the worker instance running the attempt
 */
@JsonTypeName("job-started")
public record JobStarted(
        JobId jobId, int attempt, long sequence, Instant timestamp,
        String worker)
        implements JobEvent {

    /** @throws IllegalArgumentException if a field is missing or out of range */
    public JobStarted {
        JobEvent.check(jobId, attempt, sequence, timestamp);
        if (worker == null || worker.isBlank()) {
            throw new IllegalArgumentException("job-started worker is missing");
        }
    }

    @Override
    public JobState resultingState() {
        return JobState.RUNNING;
    }
}
