package dev.slipway.worker.messaging;

import dev.slipway.common.job.JobJson;
import dev.slipway.common.job.JobRequest;
import dev.slipway.worker.job.JobRunner;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Takes jobs from {@code slipway.jobs.build} (one consumer group for all workers). A record is acknowledged as soon
 * as its job has a slot and started — a build lasts far longer than a consumer may hold a record — and the job is
 * then kept alive by heartbeat events. While every slot is busy the consumer waits, so jobs stay with the group.
 */
@ApplicationScoped
public class BuildJobConsumer {

    /** The incoming channel (mapped to the topic in application.properties). */
    public static final String CHANNEL = "build-jobs";
    private static final Logger LOG = Logger.getLogger(BuildJobConsumer.class);

    private final JobRunner runner;

    public BuildJobConsumer(JobRunner runner) {
        this.runner = runner;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void consume(byte[] payload) throws InterruptedException {
        JobRequest request;
        try {
            request = JobJson.read(payload, JobRequest.class);
        } catch (RuntimeException e) {
            // A record no worker can read would block the partition forever: log it and move on.
            LOG.warnf("dropping an unreadable job record: %s", e.getMessage());
            return;
        }
        runner.submit(request);
    }
}
