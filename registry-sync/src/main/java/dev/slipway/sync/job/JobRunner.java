package dev.slipway.sync.job;

import dev.slipway.common.job.JobRequest;
import dev.slipway.common.job.PullSpec;
import dev.slipway.common.job.PushSpec;
import dev.slipway.sync.config.SyncConfig;
import dev.slipway.sync.pull.PullResult;
import dev.slipway.sync.pull.PullService;
import dev.slipway.sync.push.PushResult;
import dev.slipway.sync.push.PushService;
import dev.slipway.sync.transfer.SyncFailure;
import dev.slipway.sync.upstream.SyncMetrics;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs pull and push jobs on a bounded pool: {@code JobStarted}, heartbeats every few seconds while the job runs,
 * progress, then {@code JobSucceeded} or {@code JobFailed} with a message the user can act on.
 */
@ApplicationScoped
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);

    private final PullService pulls;
    private final PushService pushes;
    private final EventPublisher publisher;
    private final SyncMetrics metrics;
    private final SyncConfig.Jobs config;
    private final String worker;
    private final ExecutorService pool;
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sync-heartbeats");
        t.setDaemon(true);
        return t;
    });

    JobRunner(PullService pulls, PushService pushes, EventPublisher publisher, SyncMetrics metrics,
            SyncConfig config) {
        this.pulls = pulls;
        this.metrics = metrics;
        this.pushes = pushes;
        this.publisher = publisher;
        this.config = config.jobs();
        this.worker = config.jobs().workerName().orElseGet(JobRunner::hostName);
        this.pool = Executors.newFixedThreadPool(config.jobs().concurrency(), r -> {
            Thread t = new Thread(r, "sync-job");
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues a job; returns at once (the Kafka record is acknowledged on pickup). */
    public void submit(JobRequest request) {
        pool.execute(() -> run(request));
    }

    void onShutdown(@Observes ShutdownEvent event) {
        pool.shutdownNow();
        heartbeats.shutdownNow();
    }

    private void run(JobRequest request) {
        JobEvents events = new JobEvents(publisher, request.jobId(), request.attempt(), worker);
        events.started();
        long every = config.heartbeatInterval().toMillis();
        ScheduledFuture<?> beat = heartbeats.scheduleAtFixedRate(events::heartbeat, every, every, TimeUnit.MILLISECONDS);
        try {
            if (request.payload() instanceof PullSpec pull) {
                runPull(pull, events);
            } else if (request.payload() instanceof PushSpec push) {
                runPush(push, events);
            } else {
                events.failed("registry-sync runs pull and push jobs, not " + request.kind() + " jobs");
            }
        } catch (SyncFailure f) {
            events.failed(f.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "job %s failed unexpectedly", request.jobId().value());
            events.failed("internal error in registry-sync: " + e);
        } finally {
            beat.cancel(false);
        }
    }

    private void runPull(PullSpec spec, JobEvents events) throws SyncFailure {
        JobProgress progress = new JobProgress(events, false);
        if (spec.allTags()) {
            events.line("Pulling all tags of " + spec.image().familiarName());
            List<PullResult> results = pulls.pullAllTags(spec.image(), progress);
            Map<String, String> result = new LinkedHashMap<>();
            results.forEach(r -> result.put("digest." + r.image().tag().value(), r.digest().toString()));
            events.succeeded(result, results.get(0).digest(), results.stream().map(PullResult::image).toList());
            return;
        }
        events.line((spec.image().tag() != null ? spec.image().tag().value() : spec.image().digest().toString())
                + ": Pulling from " + spec.image().repository());
        PullResult r = pulls.pull(spec.image(), progress);
        Map<String, String> result = new LinkedHashMap<>();
        result.put("image", r.image().toString());
        result.put("repository", r.repository().value());
        result.put("digest", r.digest().toString());
        result.put("outcome", r.outcome().name());
        if (r.mirroredAt() != null) {
            result.put("mirroredAt", r.mirroredAt().toString());
        }
        reportRateLimit(spec.image().registry(), result, events);
        events.succeeded(result, r.digest(), List.of(r.image()));
    }

    // Docker Hub's pull budget: in the result, and as a warning when little is left
    private void reportRateLimit(String registry, Map<String, String> result, JobEvents events) {
        metrics.lastRateLimit(registry).ifPresent(limit -> {
            result.put("rateLimitRemaining", Integer.toString(limit.remaining()));
            result.put("rateLimitLimit", Integer.toString(limit.limit()));
            if (limit.remaining() * 10L < limit.limit()) {
                events.warning(registry + " pull rate limit: " + limit.remaining() + " of " + limit.limit()
                        + " pulls left in the current window");
            }
        });
    }

    private void runPush(PushSpec spec, JobEvents events) throws SyncFailure {
        events.line("The push refers to repository [" + spec.image().name() + "]");
        List<PushResult> results = pushes.push(spec.image(), spec.allTags(), new JobProgress(events, true));
        Map<String, String> result = new LinkedHashMap<>();
        // per tag what `docker push` prints last: "<tag>: digest: <digest> size: <manifest size>"
        results.forEach(r -> {
            result.put("digest." + r.image().tag().value(), r.digest().toString());
            result.put("size." + r.image().tag().value(), Long.toString(r.size()));
        });
        events.succeeded(result, results.get(results.size() - 1).digest(),
                results.stream().map(PushResult::image).toList());
    }

    private static String hostName() {
        try {
            return "registry-sync@" + InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "registry-sync";
        }
    }
}
