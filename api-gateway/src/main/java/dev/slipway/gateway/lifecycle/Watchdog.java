package dev.slipway.gateway.lifecycle;

import dev.slipway.gateway.config.GatewayConfig;
import dev.slipway.gateway.job.JobTransitions;
import dev.slipway.gateway.job.JobWatch;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Periodically reassigns RUNNING jobs whose worker stopped sending heartbeats and expires QUEUED jobs past their TTL.
 * Each job is handled in its own transaction under its row lock, so the watchdog never races an event.
 */
@ApplicationScoped
class Watchdog {

    private static final Logger LOG = Logger.getLogger(Watchdog.class);

    private final JobWatch watch;
    private final JobTransitions transitions;
    private final GatewayConfig config;
    /**
     * Worker silence is judged only once the gateway has been up for a heartbeat timeout: heartbeats sent while it was
     * down wait in Kafka, and a job must not be reassigned before the consumer has read them.
     */
    private final Instant judgeSilenceFrom;

    Watchdog(JobWatch watch, JobTransitions transitions, GatewayConfig config) {
        this.watch = watch;
        this.transitions = transitions;
        this.config = config;
        this.judgeSilenceFrom = Instant.now().plus(config.jobs().heartbeatTimeout());
    }

    @Scheduled(every = "${gateway.jobs.watchdog-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        Instant now = Instant.now();
        Instant silentSince = now.minus(config.jobs().heartbeatTimeout());
        for (UUID id : now.isBefore(judgeSilenceFrom) ? List.<UUID>of() : watch.silentRunning(silentSince)) {
            try {
                transitions.reassignIfSilent(id, silentSince, config.jobs().maxAttempts());
            } catch (RuntimeException e) {
                LOG.warnf("could not reassign job %s: %s", id, e.toString());
            }
        }
        for (UUID id : watch.expiredQueued(now)) {
            try {
                transitions.expireIfQueued(id, now);
            } catch (RuntimeException e) {
                LOG.warnf("could not expire job %s: %s", id, e.toString());
            }
        }
    }
}
