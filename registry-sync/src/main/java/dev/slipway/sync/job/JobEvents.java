package dev.slipway.sync.job;

import dev.slipway.common.job.Heartbeat;
import dev.slipway.common.job.JobFailed;
import dev.slipway.common.job.JobId;
import dev.slipway.common.job.JobStarted;
import dev.slipway.common.job.JobSucceeded;
import dev.slipway.common.job.LogChunk;
import dev.slipway.common.job.Progress;
import dev.slipway.common.job.Warning;
import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.ImageReference;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** The events of one job attempt, numbered by this producer's sequence. Thread-safe (layers report concurrently). */
final class JobEvents {

    private final EventPublisher publisher;
    private final JobId job;
    private final int attempt;
    private final String worker;
    private final AtomicLong sequence = new AtomicLong();

    JobEvents(EventPublisher publisher, JobId job, int attempt, String worker) {
        this.publisher = publisher;
        this.job = job;
        this.attempt = attempt;
        this.worker = worker;
    }

    void started() {
        publisher.publish(new JobStarted(job, attempt, next(), Instant.now(), worker));
    }

    void heartbeat() {
        publisher.publish(new Heartbeat(job, attempt, next(), Instant.now(), worker));
    }

    void progress(String id, String status, long current, long total) {
        publisher.publish(new Progress(job, attempt, next(), Instant.now(), id, status, current, total));
    }

    void line(String text) {
        publisher.publish(new LogChunk(job, attempt, next(), Instant.now(), LogChunk.Stream.STDOUT, text + "\n", null));
    }

    void warning(String message) {
        publisher.publish(new Warning(job, attempt, next(), Instant.now(), message));
    }

    void succeeded(Map<String, String> result, Digest digest, List<ImageReference> tags) {
        publisher.publish(new JobSucceeded(job, attempt, next(), Instant.now(), result, digest, tags));
    }

    void failed(String message) {
        publisher.publish(new JobFailed(job, attempt, next(), Instant.now(), message, null, null, null));
    }

    // sequences start at 1 within each attempt
    private long next() {
        return sequence.incrementAndGet();
    }
}
