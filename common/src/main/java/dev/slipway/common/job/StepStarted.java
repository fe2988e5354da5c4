package dev.slipway.common.job;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;

/**
 * A build step started, as docker prints {@code Step 2/5 : RUN make}.
 *
 * @param jobId the job
 * @param attempt the attempt, from 1
 * @param sequence the producer's sequence within the attempt
 * @param timestamp when it happened
 * @param step the step number, from 1
 * @param totalSteps the number of steps of the build
 * @param instruction the instruction as written, e.g. {@code RUN make}
 */
@JsonTypeName("step-started")
public record StepStarted(
        JobId jobId, int attempt, long sequence, Instant timestamp,
        int step, int totalSteps, String instruction)
        implements JobEvent {

    /** @throws IllegalArgumentException if a field is missing or out of range */
    public StepStarted {
        JobEvent.check(jobId, attempt, sequence, timestamp);
        if (step < 1 || totalSteps < step) {
            throw new IllegalArgumentException("step-started step must be in 1.." + totalSteps + ", got " + step);
        }
        if (instruction == null) {
            throw new IllegalArgumentException("step-started instruction is missing");
        }
    }
}
