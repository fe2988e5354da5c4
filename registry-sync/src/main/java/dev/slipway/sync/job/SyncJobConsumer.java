package dev.slipway.sync.job;

import dev.slipway.common.job.JobJson;
import dev.slipway.common.job.JobRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Takes pull and push jobs from {@code slipway.jobs.sync}. A record is acknowledged as soon as the job is queued: a
 * transfer can outlast any consumer timeout, and heartbeats tell the gateway the job is alive instead.
 */
@ApplicationScoped
public class SyncJobConsumer {

    /** The incoming channel, mapped to the topic and consumer group in application.properties. */
    static final String SYNC_JOBS_CHANNEL = "sync-jobs";

    private static final Logger LOG = Logger.getLogger(SyncJobConsumer.class);

    private final JobRunner runner;

    SyncJobConsumer(JobRunner runner) {
        this.runner = runner;
    }

    @Incoming(SYNC_JOBS_CHANNEL)
    CompletionStage<Void> onJob(Message<byte[]> record) {
        JobRequest request;
        try {
            request = JobJson.read(record.getPayload(), JobRequest.class);
        } catch (RuntimeException e) {
            // a record nobody can run: log it and move on rather than block the partition
            LOG.errorf("dropping an unreadable job record: %s", e.getMessage());
            return record.ack();
        }
        runner.submit(request);
        return record.ack();
    }
}
