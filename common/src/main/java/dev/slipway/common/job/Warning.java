package dev.slipway.common.job;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;

/**
 * A non-fatal problem worth showing to the user.
 *
 * @param jobId the job
 * @param attempt the attempt, from 1
 * @param sequence the producer's sequence within the attempt
 * @param timestamp when it happened
 * @param message the warning
 */
@JsonTypeName("warning")
public record Warning(JobId jobId, int attempt, long sequence, Instant timestamp, String message) implements JobEvent {

    /** @throws IllegalArgumentException if a field is missing or out of range */
    public Warning {
        JobEvent.check(jobId, attempt, sequence, timestamp);
        if (message == null || message.isBlank()) {
            throw new IllegalArgumentException("warning message is missing");
        }
    }
}
