package dev.slipway.gateway.support;

import dev.slipway.common.job.JobEvent;
import dev.slipway.common.job.JobId;
import dev.slipway.common.job.JobJson;
import dev.slipway.common.job.JobRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Plays a build-worker or registry-sync over real Kafka: takes a job's request from its topic and emits events with
 * its own per-attempt producer sequence.
 */
public final class FakeWorker implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer = KafkaSupport.producer();
    private final JobId jobId;
    private int attempt;
    private long sequence;

    private FakeWorker(JobId jobId, int attempt) {
        this.jobId = jobId;
        this.attempt = attempt;
    }

    /** Waits for the request of {@code jobId} with the given attempt on {@code topic} and takes it. */
    public static FakeWorker take(String topic, String jobId, int attempt) {
        try (KafkaConsumer<String, byte[]> consumer = KafkaSupport.consumer(topic)) {
            List<ConsumerRecord<String, byte[]>> records =
                    KafkaSupport.records(consumer, jobId, attempt, Duration.ofSeconds(30), Duration.ZERO);
            JobRequest request = records.stream().map(r -> JobJson.read(r.value(), JobRequest.class))
                    .filter(r -> r.attempt() == attempt).findFirst()
                    .orElseThrow(() -> new AssertionError("attempt " + attempt + " of job " + jobId + " not published"));
            return new FakeWorker(request.jobId(), request.attempt());
        }
    }

    /** A worker for an attempt without waiting for its record (e.g. a stale worker of an older attempt). */
    public static FakeWorker of(String jobId, int attempt) {
        return new FakeWorker(JobId.parse(jobId), attempt);
    }

    /** Emits the event the factory makes from (job, attempt, next sequence, now); @return it */
    public JobEvent emit(EventFactory factory) throws Exception {
        JobEvent event = factory.make(jobId, attempt, sequence++, Instant.now());
        KafkaSupport.emit(producer, event);
        return event;
    }

    /** Sends an already emitted event again, as a producer retry or a redelivery would. */
    public void resend(JobEvent event) throws Exception {
        KafkaSupport.emit(producer, event);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    /** Makes an event from its envelope fields. */
    @FunctionalInterface
    public interface EventFactory {
        /** @return the event */
        JobEvent make(JobId jobId, int attempt, long sequence, Instant timestamp);
    }
}
