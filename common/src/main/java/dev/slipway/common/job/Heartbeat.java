package dev.slipway.common.job;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;

/**
 * The worker running the attempt is alive (every 5 s by default); when heartbeats stop the gateway re-publishes
 * the job as a new attempt.
 *
 * @param jobId the job
 * @param attempt the attempt, from 1
 * @param sequence the producer's sequence within the attempt
 * @param timestamp when it happened
 * @param worker the id of the worker instance running the attempt
 */
@JsonTypeName("heartbeat")
public record Heartbeat(JobId jobId, int attempt, long sequence, Instant timestamp, String worker) implements JobEvent {

    /** @throws IllegalArgumentException if a field is missing or out of range */
    public Heartbeat {
        JobEvent.check(jobId, attempt, sequence, timestamp);
        if (worker == null || worker.isBlank()) {
            throw new IllegalArgumentException("heartbeat worker is missing");
        }
    }
}
