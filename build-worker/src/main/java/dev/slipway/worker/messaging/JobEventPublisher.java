package dev.slipway.worker.messaging;

import dev.slipway.common.job.JobEvent;
import dev.slipway.common.job.JobJson;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Sends job events to {@code slipway.job-events}, keyed by job id so one job's events stay in order. */
@ApplicationScoped
public class JobEventPublisher {

    /** The outgoing channel (mapped to the topic in application.properties). */
    public static final String CHANNEL = "job-events";

    private final Emitter<byte[]> emitter;

    public JobEventPublisher(@Channel(CHANNEL) Emitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    public void publish(JobEvent event) {
        emitter.send(Message.of(JobJson.write(event)).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(event.jobId().toString()).build()));
    }
}
