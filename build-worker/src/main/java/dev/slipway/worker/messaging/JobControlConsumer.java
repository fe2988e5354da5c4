package dev.slipway.worker.messaging;

import dev.slipway.common.job.JobControl;
import dev.slipway.common.job.JobJson;
import dev.slipway.worker.job.JobRunner;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads {@code slipway.job-control}; every worker instance has its own consumer group, so each sees every record: it
 * stops a cancelled job if it runs it, and does not start an attempt the gateway has superseded.
 */
@ApplicationScoped
public class JobControlConsumer {

    /** The incoming channel (mapped to the topic in application.properties). */
    public static final String CHANNEL = "job-control";
    private static final Logger LOG = Logger.getLogger(JobControlConsumer.class);

    private final JobRunner runner;

    public JobControlConsumer(JobRunner runner) {
        this.runner = runner;
    }

    @Incoming(CHANNEL)
    public void control(byte[] payload) {
        JobControl control;
        try {
            control = JobJson.read(payload, JobControl.class);
        } catch (RuntimeException e) {
            LOG.warnf("ignoring an unreadable job-control record: %s", e.getMessage());
            return;
        }
        switch (control.action()) {
            case CANCEL -> runner.cancel(control.jobId());
            case SUPERSEDED -> runner.supersede(control.jobId(), control.attempt());
        }
    }
}
