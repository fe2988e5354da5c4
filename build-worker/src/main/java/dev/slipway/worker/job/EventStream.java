package dev.slipway.worker.job;

import dev.slipway.common.job.JobEvent;
import dev.slipway.common.job.JobId;
import dev.slipway.worker.messaging.JobEventPublisher;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** The events of one job attempt, numbered by the producer sequence the gateway deduplicates on. Thread-safe. */
final class EventStream {

    /** Builds an event from (job, attempt, sequence, timestamp). */
    @FunctionalInterface
    interface Factory {
        JobEvent create(JobId job, int attempt, long sequence, Instant at);
    }

    private final JobEventPublisher publisher;
    private final JobId job;
    private final int attempt;
    private final AtomicLong sequence = new AtomicLong();

    EventStream(JobEventPublisher publisher, JobId job, int attempt) {
        this.publisher = publisher;
        this.job = job;
        this.attempt = attempt;
    }

    synchronized void emit(Factory factory) {
        publisher.publish(factory.create(job, attempt, sequence.getAndIncrement(), Instant.now()));
    }
}
