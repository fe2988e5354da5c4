package dev.slipway.common.job;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.slipway.common.oci.Digest;
import java.time.Instant;

/**
 * A build step finished successfully.
 *
 * @param jobId the job
 * @param attempt the attempt, from 1
 * @param sequence the producer's sequence within the attempt
 * @param timestamp when it happened
 * @param step the step number, from 1
 * @param durationMillis how long it ran
 * @param layer the layer it produced, or {@code null} if it adds none
 */
@JsonTypeName("step-finished")
public record StepFinished(
        JobId jobId, int attempt, long sequence, Instant timestamp,
        int step, long durationMillis, Digest layer)
        implements JobEvent {

    /** @throws IllegalArgumentException if a field is missing or out of range */
    public StepFinished {
        JobEvent.check(jobId, attempt, sequence, timestamp);
        if (step < 1) {
            throw new IllegalArgumentException("step-finished step must be at least 1, got " + step);
        }
        if (durationMillis < 0) {
            throw new IllegalArgumentException("step-finished durationMillis must not be negative");
        }
    }
}
