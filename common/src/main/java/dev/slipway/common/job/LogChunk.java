package dev.slipway.common.job;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;

/**
 * Output of a process in the job (a RUN step, a container), in order, as UTF-8 text.
 *
 * @param jobId the job
 * @param attempt the attempt, from 1
 * @param sequence the producer's sequence within the attempt
 * @param timestamp when it happened
 * @param stream which output stream
 * @param text the text, possibly several lines
 * @param step the build step it belongs to, or {@code null}
 */
@JsonTypeName("log")
public record LogChunk(
        JobId jobId, int attempt, long sequence, Instant timestamp,
        Stream stream, String text, Integer step)
        implements JobEvent {

    /** @throws IllegalArgumentException if a field is missing or out of range */
    public LogChunk {
        JobEvent.check(jobId, attempt, sequence, timestamp);
        if (stream == null) {
            throw new IllegalArgumentException("log stream is missing");
        }
        if (text == null) {
            throw new IllegalArgumentException("log text is missing");
        }
    }

    /** The process output stream a chunk came from. */
    public enum Stream {
        /** Standard output. */
        STDOUT,
        /** Standard error. */
        STDERR
    }
}
