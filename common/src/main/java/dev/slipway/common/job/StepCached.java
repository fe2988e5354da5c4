package dev.slipway.common.job;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.slipway.common.oci.Digest;
import java.time.Instant;

/**
 * A build step was satisfied from the build cache ({@code ---> Using cache}).
 *
 * @param jobId the job
 * @param attempt the attempt, from 1
 * @param sequence the producer's sequence within the attempt
 * @param timestamp when it happened
 * @param step the step number, from 1
 * @param instruction the instruction as written
 * @param layer the cached layer, or {@code null} if the step adds none
 */
@JsonTypeName("step-cached")
public record StepCached(
        JobId jobId, int attempt, long sequence, Instant timestamp,
        int step, String instruction, Digest layer)
        implements JobEvent {

    /** @throws IllegalArgumentException if a field is missing or out of range */
    public StepCached {
        JobEvent.check(jobId, attempt, sequence, timestamp);
        if (step < 1) {
            throw new IllegalArgumentException("step-cached step must be at least 1, got " + step);
        }
        if (instruction == null) {
            throw new IllegalArgumentException("step-cached instruction is missing");
        }
    }
}
