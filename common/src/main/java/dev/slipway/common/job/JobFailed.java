package dev.slipway.common.job;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;

/**
 * The job failed; the message is what the user sees.
 *
 * @param jobId the job
 * @param attempt the attempt, from 1
 * @param sequence the producer's sequence within the attempt
 * @param timestamp when it happened
 * @param message what went wrong
 * @param step the build step that failed, or {@code null}
 * @param line the Dockerfile line of that step, or {@code null}
 * @param exitCode the exit code of the failed process, or {@code null}
 */
@JsonTypeName("job-failed")
public record JobFailed(
        JobId jobId, int attempt, long sequence, Instant timestamp,
        String message, Integer step, Integer line, Integer exitCode)
        implements JobEvent {

    /** @throws IllegalArgumentException if a field is missing or out of range */
    public JobFailed {
        JobEvent.check(jobId, attempt, sequence, timestamp);
        if (message == null || message.isBlank()) {
            throw new IllegalArgumentException("job-failed message is missing");
        }
    }

    @Override
    public JobState resultingState() {
        return JobState.FAILED;
    }
}
