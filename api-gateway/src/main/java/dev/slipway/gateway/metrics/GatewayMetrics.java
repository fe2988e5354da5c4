package dev.slipway.gateway.metrics;

import dev.slipway.common.job.JobState;
import dev.slipway.gateway.job.JobEventBus;
import dev.slipway.gateway.job.JobService;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Prometheus gauges: jobs per state ({@code slipway_jobs{state=…}}, QUEUED being the queue depth) and live SSE
 * subscribers. Job counts are refreshed on a schedule so a scrape never waits for the database. Submit latency is
 * {@link SubmitLatency}.
 */
@ApplicationScoped
class GatewayMetrics {

    private static final Logger LOG = Logger.getLogger(GatewayMetrics.class);

    private final JobService jobs;
    private final Map<JobState, AtomicLong> counts = new EnumMap<>(JobState.class);

    GatewayMetrics(JobService jobs) {
        this.jobs = jobs;
        for (JobState state : JobState.values()) {
            counts.put(state, new AtomicLong());
        }
    }

    void register(@Observes StartupEvent event, MeterRegistry registry, JobEventBus bus) {
        counts.forEach((state, value) -> Gauge.builder("slipway.jobs", value, AtomicLong::get)
                .tag("state", state.name())
                .description("jobs by state; QUEUED is the queue depth")
                .register(registry));
        Gauge.builder("slipway.sse.subscribers", bus, JobEventBus::subscriberCount)
                .description("live job event streams")
                .register(registry);
    }

    @Scheduled(every = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refresh() {
        try {
            jobs.countByState().forEach((state, count) -> counts.get(state).set(count));
        } catch (RuntimeException e) {
            LOG.debugf("job counts not refreshed: %s", e.toString());
        }
    }
}
