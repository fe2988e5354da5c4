package dev.slipway.common.job;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;

/**
 * Progress of a transfer, as {@code docker pull} shows per layer ({@code 3f4ca61aafcd: Downloading 12.1MB/30.4MB}).
 *
 * @param jobId the job
 * @param attempt the attempt, from 1
 * @param sequence the producer's sequence within the attempt
 * @param timestamp when it happened
 * @param id what progresses, usually a layer's short id
 * @param status e.g. {@code Downloading}, {@code Pull complete}
 * @param current bytes done
 * @param total bytes in all, or 0 if unknown
 */
@JsonTypeName("progress")
public record Progress(
        JobId jobId, int attempt, long sequence, Instant timestamp,
        String id, String status, long current, long total)
        implements JobEvent {

    /** @throws IllegalArgumentException if a field is missing or out of range */
    public Progress {
        JobEvent.check(jobId, attempt, sequence, timestamp);
        if (id == null || status == null) {
            throw new IllegalArgumentException("progress id and status are required");
        }
        if (current < 0) {
            throw new IllegalArgumentException("progress current must not be negative");
        }
    }
}
