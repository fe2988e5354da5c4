package dev.slipway.sync.job;

import dev.slipway.common.job.JobEvent;
import dev.slipway.common.job.JobJson;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** Publishes job events to {@code slipway.job-events}, keyed by job id so one job's events stay in order. */
@ApplicationScoped
public class EventPublisher {

    /** The outgoing channel, mapped to the topic in application.properties. */
    static final String JOB_EVENTS_CHANNEL = "job-events";

    private final Emitter<byte[]> emitter;

    EventPublisher(@Channel(JOB_EVENTS_CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384)
            Emitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    /** Sends one event; delivery is asynchronous. */
    public void publish(JobEvent event) {
        emitter.send(Message.of(JobJson.write(event)).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.jobId().value().toString()).build()));
    }
}
