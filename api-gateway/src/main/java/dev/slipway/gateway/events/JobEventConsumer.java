package dev.slipway.gateway.events;

import dev.slipway.common.job.JobEvent;
import dev.slipway.common.job.JobJson;
import dev.slipway.gateway.job.JobTransitions;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The gateway's single consumption of {@code slipway.job-events} (group {@code slipway-gateway}): batches are recorded
 * in one transaction each and fanned out to every watcher in-process once committed. Offsets are committed after the
 * batch is, so a crash redelivers, and redelivered events are dropped as duplicates.
 */
@ApplicationScoped
class JobEventConsumer {

    static final String CHANNEL = "job-events";
    private static final Logger LOG = Logger.getLogger(JobEventConsumer.class);

    private final JobTransitions transitions;

    JobEventConsumer(JobTransitions transitions) {
        this.transitions = transitions;
    }

    @Incoming(CHANNEL)
    @Blocking
    void consume(List<byte[]> records) {
        List<JobEvent> events = new ArrayList<>(records.size());
        for (byte[] record : records) {
            try {
                events.add(JobJson.read(record, JobEvent.class));
            } catch (IllegalArgumentException e) {
                // a malformed record must not stop the stream for every other job
                LOG.warnf("dropping an unreadable job event: %s", e.getMessage());
            }
        }
        if (!events.isEmpty()) {
            transitions.ingest(events);
        }
    }
}
