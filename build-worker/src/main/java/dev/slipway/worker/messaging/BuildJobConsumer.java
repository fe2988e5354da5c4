package dev.slipway.worker.messaging;

import dev.slipway.common.job.JobJson;
import dev.slipway.common.job.JobRequest;
import dev.slipway.worker.job.JobRunner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Takes jobs from {@code slipway.jobs.build} (one consumer group for all workers). A record is acknowledged as soon
 * as its job has a slot and started — a build lasts far longer than a consumer may hold a record — and the job is
 * then kept alive by heartbeat events. While every slot is busy the consumer waits, so jobs stay with the group.
 *
 * <p>A rebalance during that wait moves the waiting, unacknowledged record to the partition's new owner, which runs
 * it; so once a slot is free the record starts only if its partition is still this worker's
 * ({@link PartitionOwnership}), and never a second time on this worker (see {@link JobRunner#submit}). Metrics:
 * {@value #WAITING} (records waiting for a slot) and {@value #SKIPPED}, tagged {@code reason}.
 */
@ApplicationScoped
public class BuildJobConsumer {

    /** The incoming channel (mapped to the topic in application.properties). */
    public static final String CHANNEL = "build-jobs";
    /** Gauge: job records picked up and waiting for a slot. */
    static final String WAITING = "slipway.worker.jobs.waiting";
    /**
     * Counter: job records not run, by {@code reason} ({@code partition-moved}, {@code duplicate},
     * {@code superseded}).
     */
    static final String SKIPPED = "slipway.worker.jobs.skipped";
    private static final Logger LOG = Logger.getLogger(BuildJobConsumer.class);

    private final JobRunner runner;
    private final PartitionOwnership ownership;
    private final AtomicInteger waiting;
    private final Counter moved;
    private final Counter duplicates;
    private final Counter superseded;

    BuildJobConsumer(JobRunner runner, @Identifier(PartitionOwnership.NAME) PartitionOwnership ownership,
            MeterRegistry metrics) {
        this.runner = runner;
        this.ownership = ownership;
        this.waiting = metrics.gauge(WAITING, new AtomicInteger());
        this.moved = Counter.builder(SKIPPED).tag("reason", "partition-moved")
                .description("job records not run because their partition moved to another worker while they waited")
                .register(metrics);
        this.duplicates = Counter.builder(SKIPPED).tag("reason", "duplicate")
                .description("job records not run because this worker already started that attempt")
                .register(metrics);
        this.superseded = Counter.builder(SKIPPED).tag("reason", "superseded")
                .description("job records not run because the gateway had published the job again as a later attempt")
                .register(metrics);
    }

    @Incoming(CHANNEL)
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) throws InterruptedException {
        JobRequest request;
        try {
            request = JobJson.read(record.value(), JobRequest.class);
        } catch (RuntimeException e) {
            // A record no worker can read would block the partition forever: log it and move on.
            LOG.warnf("dropping an unreadable job record: %s", e.getMessage());
            return;
        }
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        JobRunner.Outcome outcome;
        waiting.incrementAndGet();
        try {
            outcome = runner.submit(request, () -> ownership.owns(partition, record.offset()));
        } finally {
            waiting.decrementAndGet();
        }
        switch (outcome) {
            case STARTED -> { }
            case DUPLICATE -> {
                duplicates.increment();
                LOG.infof("job %s attempt %d delivered again (%s@%d): it already ran here", request.jobId(),
                        request.attempt(), partition, record.offset());
            }
            case WITHDRAWN -> {
                // Never acknowledged before the move, so the new owner has it; the ack that follows is ignored.
                moved.increment();
                LOG.infof("job %s attempt %d not run: %s moved to another worker while it waited for a slot",
                        request.jobId(), request.attempt(), partition);
            }
            case SUPERSEDED -> {
                superseded.increment();
                LOG.infof("job %s attempt %d not run: the gateway has published a later attempt", request.jobId(),
                        request.attempt());
            }
        }
    }
}
