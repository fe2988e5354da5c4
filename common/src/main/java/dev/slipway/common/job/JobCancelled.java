package dev.slipway.common.job;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;

/**
 * The worker stopped the job after a cancel request.
 *
 * @param jobId the job
 * @param attempt the attempt, from 1
 * @param sequence the producer's sequence within the attempt
 * @param timestamp when it happened
 * @param reason why, or {@code null}
 */
@JsonTypeName("job-cancelled")
public record JobCancelled(
        JobId jobId, int attempt, long sequence, Instant timestamp,
        String reason)
        implements JobEvent {

    /** @throws IllegalArgumentException if a field is missing or out of range */
    public JobCancelled {
        JobEvent.check(jobId, attempt, sequence, timestamp);
    }

    @Override
    public JobState resultingState() {
        return JobState.CANCELLED;
    }
}
