package dev.slipway.gateway.job;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.common.job.Heartbeat;
import dev.slipway.common.job.JobCancelled;
import dev.slipway.common.job.JobEvent;
import dev.slipway.common.job.JobFailed;
import dev.slipway.common.job.JobJson;
import dev.slipway.common.job.JobSpec;
import dev.slipway.common.job.JobState;
import dev.slipway.common.job.JobSucceeded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hibernate.FlushMode;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * Every state change after acceptance: events from workers and registry-sync, reassignment of jobs whose worker went
 * silent, and expiry of jobs nobody picked up. Each runs under the job's row lock.
 */
@ApplicationScoped
public class JobTransitions {

    private static final Logger LOG = Logger.getLogger(JobTransitions.class);
    /** Fields every event carries; the rest of a terminal event is the job's result or error. */
    private static final List<String> ENVELOPE = List.of("type", "jobId", "attempt", "sequence", "timestamp", "seq");

    private final Session session;
    private final JobRepository jobs;
    private final JobEventRepository events;
    private final EventLog log;
    private final JobService service;

    JobTransitions(JobRepository jobs, JobEventRepository events, EventLog log, JobService service, Session session) {
        this.session = session;
        this.jobs = jobs;
        this.events = events;
        this.log = log;
        this.service = service;
    }

    /**
     * Records a batch of emitted events in one transaction: drops duplicates by (job, attempt, producer sequence),
     * assigns job-wide sequence numbers, applies state changes of the job's current attempt only.
     *
     * @param batch events in the order consumed
     * @return how many were recorded (duplicates, heartbeats and unknown jobs are not)
     */
    @Transactional
    public int ingest(List<JobEvent> batch) {
        // every read below is of rows this transaction does not write (or locks first): no flush before each query
        session.setHibernateFlushMode(FlushMode.COMMIT);
        Map<UUID, Optional<Job>> locked = new HashMap<>();
        Map<String, Set<Long>> seen = alreadyRecorded(batch);
        int recorded = 0;
        Instant now = Instant.now();
        for (JobEvent event : batch) {
            UUID id = event.jobId().value();
            Optional<Job> maybeJob = locked.computeIfAbsent(id, jobs::lock);
            if (maybeJob.isEmpty()) {
                LOG.debugf("event %s for unknown job %s ignored", event.type(), id);
                continue;
            }
            Job job = maybeJob.get();
            boolean current = event.attempt() == job.attempt && !job.state.isTerminal();
            if (event instanceof Heartbeat) {
                if (current) {
                    job.heartbeatAt = now;
                }
                continue;
            }
            if (!seen.computeIfAbsent(id + "/" + event.attempt(), k -> new HashSet<>()).add(event.sequence())) {
                continue; // a redelivery or a producer retry
            }
            boolean started = false;
            boolean terminal = false;
            if (current) {
                job.heartbeatAt = now;
                JobState target = event.resultingState();
                if (job.state == JobState.QUEUED && (target == null || target == JobState.RUNNING)) {
                    // an event of the current attempt means a worker has it, even if job-started was not first
                    job.start(now);
                    started = true;
                }
                terminal = target != null && target.isTerminal();
            }
            if (terminal) {
                ObjectNode data = EventLog.JSON.valueToTree(event);
                data.put("type", event.type());
                if (started) {
                    data.put("state", JobState.RUNNING.name());
                }
                finish(job, event, data, now);
                log.append(job, event.attempt(), event.sequence(), event.type(), data, true);
            } else {
                // the common case (logs, steps, progress): serialised once, straight from the record, not through a
                // JSON tree — the same document the tree would give
                String document = JobJson.writeString(event);
                if (started) {
                    document = EventLog.withField(document, "state", "\"" + JobState.RUNNING.name() + "\"");
                }
                log.append(job, event.attempt(), event.sequence(), event.type(), document, false);
            }
            recorded++;
        }
        return recorded;
    }

    /** @return per "job/attempt", the producer sequences of this batch already in the log (one query per pair) */
    private Map<String, Set<Long>> alreadyRecorded(List<JobEvent> batch) {
        // per job/attempt: the lowest and highest producer sequence of the batch (consecutive in practice)
        Map<String, long[]> ranges = new HashMap<>();
        Map<String, JobEvent> firsts = new HashMap<>();
        for (JobEvent event : batch) {
            if (!(event instanceof Heartbeat)) {
                String key = event.jobId() + "/" + event.attempt();
                long[] range = ranges.computeIfAbsent(key, k -> new long[] {event.sequence(), event.sequence()});
                range[0] = Math.min(range[0], event.sequence());
                range[1] = Math.max(range[1], event.sequence());
                firsts.putIfAbsent(key, event);
            }
        }
        Map<String, Set<Long>> seen = new HashMap<>();
        ranges.forEach((key, range) -> {
            JobEvent first = firsts.get(key);
            seen.put(key, events.seen(first.jobId().value(), first.attempt(), range[0], range[1]));
        });
        return seen;
    }

    private static void finish(Job job, JobEvent event, ObjectNode data, Instant now) {
        JobState target = event.resultingState();
        job.finish(target, now);
        ObjectNode payload = data.deepCopy();
        payload.remove(ENVELOPE);
        if (event instanceof JobSucceeded) {
            job.result = payload.toString();
        } else if (event instanceof JobFailed || event instanceof JobCancelled) {
            job.error = payload.toString();
        }
        data.put("state", target.name());
    }

    /**
     * Reassigns a RUNNING job whose worker went silent: published again as the next attempt, or FAILED when the
     * attempts are used up. Does nothing if the job moved on since it was selected.
     *
     * @param id          the job
     * @param silentSince heartbeat older than this counts as silent
     * @param maxAttempts attempts allowed in total
     */
    @Transactional
    public void reassignIfSilent(UUID id, Instant silentSince, int maxAttempts) {
        Job job = jobs.lock(id).orElse(null);
        if (job == null || job.state != JobState.RUNNING || job.heartbeatAt == null
                || !job.heartbeatAt.isBefore(silentSince)) {
            return;
        }
        Instant now = Instant.now();
        String silence = Duration.between(job.heartbeatAt, now).toSeconds() + " s";
        if (job.attempt >= maxAttempts) {
            fail(job, "worker-lost", "no heartbeat for " + silence + " on attempt " + job.attempt + " of " + maxAttempts);
            service.publishCancel(job);
            return;
        }
        int previous = job.attempt;
        job.requeue(now);
        ObjectNode event = EventLog.gatewayEvent(job, JobService.REQUEUED);
        event.put("state", JobState.QUEUED.name());
        event.put("reason", "heartbeat-timeout");
        event.put("message", "no heartbeat from attempt " + previous + " for " + silence + "; published again");
        log.append(job, job.attempt, null, JobService.REQUEUED, event, false);
        service.publishRequest(job, JobJson.read(job.spec, JobSpec.class));
        service.publishSuperseded(job, previous);
        LOG.infof("job %s: worker silent for %s, published again as attempt %d", id, silence, job.attempt);
    }

    /**
     * Ends a job that stayed QUEUED past its expiry as FAILED with reason {@code expired}.
     *
     * @param id  the job
     * @param now the clock
     */
    @Transactional
    public void expireIfQueued(UUID id, Instant now) {
        Job job = jobs.lock(id).orElse(null);
        if (job == null || job.state != JobState.QUEUED || job.expiresAt.isAfter(now)) {
            return;
        }
        fail(job, "expired", "not picked up by a worker before " + job.expiresAt);
        // a worker that picks the stale record up later must drop it
        service.publishCancel(job);
    }

    private void fail(Job job, String reason, String message) {
        job.finish(JobState.FAILED, Instant.now());
        ObjectNode error = EventLog.JSON.createObjectNode();
        error.put("reason", reason);
        error.put("message", message);
        job.error = error.toString();
        ObjectNode event = EventLog.gatewayEvent(job, JobService.FAILED);
        event.put("state", JobState.FAILED.name());
        event.put("reason", reason);
        event.put("message", message);
        log.append(job, job.attempt, null, JobService.FAILED, event, true);
    }
}
