package dev.slipway.gateway.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.common.job.JobControl;
import dev.slipway.common.job.JobId;
import dev.slipway.common.job.JobJson;
import dev.slipway.common.job.JobKind;
import dev.slipway.common.job.JobRequest;
import dev.slipway.common.job.JobSpec;
import dev.slipway.common.job.JobState;
import dev.slipway.common.job.Topics;
import dev.slipway.gateway.config.GatewayConfig;
import dev.slipway.gateway.error.ApiException;
import dev.slipway.gateway.error.ErrorCode;
import dev.slipway.gateway.job.api.JobPage;
import dev.slipway.gateway.job.api.JobView;
import dev.slipway.gateway.outbox.Outbox;
import dev.slipway.gateway.tenant.Caller;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Accepting, reading and cancelling jobs. Every write commits the job row, its first event and its outbox record
 * together, so an acknowledged job is always published and nothing is published that the database does not know.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class JobService {

    /** The gateway's own event types; workers' types come from {@code dev.slipway.common.job.JobEvent}. */
    public static final String QUEUED = "job-queued";
    static final String REQUEUED = "job-requeued";
    static final String FAILED = "job-failed";
    static final String CANCELLED = "job-cancelled";
    private static final int MAX_PAGE_SIZE = 500;

    private final JobRepository jobs;
    private final JobEventRepository events;
    private final EventLog log;
    private final Outbox outbox;
    private final JobIntake intake;
    private final GatewayConfig config;

    JobService(JobRepository jobs, JobEventRepository events, EventLog log, Outbox outbox, JobIntake intake,
            GatewayConfig config) {
        this.jobs = jobs;
        this.events = events;
        this.log = log;
        this.outbox = outbox;
        this.intake = intake;
        this.config = config;
    }

    /**
     * Accepts a job: QUEUED, its first event, and its request in the outbox, committed together (with the
     * submissions that arrive at the same moment: see {@link JobIntake}) before this returns.
     *
     * @param caller the owner
     * @param spec   what to do (already validated and authorised)
     * @param images the references the job reads or writes ({@code repository:tag}, or a bare repository for "all tags")
     * @param ttl    how long the job may wait in the queue, or null for the configured default
     * @return the accepted job
     * @throws ApiException {@code database-unavailable} if it was not stored (nothing of it was)
     */
    public JobView submit(Caller caller, JobSpec spec, Collection<String> images, Duration ttl) {
        // the database keeps microseconds: the answer shows the time a later read will show
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Job job = new Job(UUID.randomUUID(), spec.kind(), caller.name(), JobJson.writeString(spec),
                images.toArray(String[]::new), now, now.plus(ttl == null ? config.jobs().queueTtl() : ttl));
        long seq = job.nextSeq();
        ObjectNode queued = EventLog.gatewayEvent(job, QUEUED);
        queued.put("state", JobState.QUEUED.name());
        queued.put("seq", seq);
        intake.accept(new JobIntake.NewJob(job, new StoredEvent(job.id, seq, QUEUED, queued.toString(), false),
                request(job, spec)));
        return JobMapper.toView(job);
    }

    /** Puts the job's request for its current attempt in the outbox. */
    void publishRequest(Job job, JobSpec spec) {
        Outbox.Message request = request(job, spec);
        outbox.enqueue(request.topic(), request.key(), request.payload());
    }

    private static Outbox.Message request(Job job, JobSpec spec) {
        JobRequest request = new JobRequest(new JobId(job.id), job.kind, job.attempt, job.owner, spec);
        return new Outbox.Message(topicFor(job.kind), job.id.toString(), JobJson.write(request));
    }

    /**
     * Tells the workers (via the outbox) that {@code attempt} of the job was replaced by the job's current attempt,
     * so a worker whose record of it is still waiting does not run the same work twice.
     */
    void publishSuperseded(Job job, int attempt) {
        JobControl control = JobControl.superseded(new JobId(job.id), attempt, Instant.now());
        outbox.enqueue(Topics.JOB_CONTROL, job.id.toString(), JobJson.write(control));
    }

    /** Puts a cancel for the job on the control topic (via the outbox). */
    void publishCancel(Job job) {
        JobControl control = new JobControl(new JobId(job.id), JobControl.Action.CANCEL,
                Instant.now());
        outbox.enqueue(Topics.JOB_CONTROL, job.id.toString(), JobJson.write(control));
    }

    private static String topicFor(JobKind kind) {
        return switch (kind) {
            case BUILD, RUN, COMMIT -> Topics.BUILD_JOBS;
            case PULL, PUSH -> Topics.SYNC_JOBS;
        };
    }

    /**
     * @param seconds a client's queue TTL in seconds, or null
     * @return it as a duration, checked against the configured maximum
     */
    public Duration queueTtl(Integer seconds) {
        if (seconds == null) {
            return null;
        }
        Duration ttl = Duration.ofSeconds(seconds);
        if (seconds < 1 || ttl.compareTo(config.jobs().queueTtl()) > 0) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "ttl must be between 1 and "
                    + config.jobs().queueTtl().toSeconds() + " seconds");
        }
        return ttl;
    }

    /** @return the job, if the caller may see it */
    public JobView get(Caller caller, UUID id) {
        return JobMapper.toView(visible(caller, id));
    }

    /**
     * @param caller who asks; non-admins see only their own jobs
     * @param state  filter or null
     * @param kind   filter or null
     * @param owner  filter or null (admins only, or the caller itself)
     * @param page   zero-based page
     * @param size   page size, or 0 for the default
     * @return the page, newest first
     */
    public JobPage list(Caller caller, JobState state, JobKind kind, String owner, int page, int size) {
        if (page < 0 || size < 0 || size > MAX_PAGE_SIZE) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "page must be ≥ 0 and size between 1 and " + MAX_PAGE_SIZE);
        }
        int pageSize = size == 0 ? config.jobs().defaultPageSize() : size;
        String ownerFilter = owner;
        if (!caller.admin()) {
            if (owner != null && !owner.equals(caller.name())) {
                throw new ApiException(ErrorCode.FORBIDDEN, caller.name() + " may list only its own jobs");
            }
            ownerFilter = caller.name();
        }
        PanacheQuery<Job> query = jobs.search(ownerFilter, state, kind);
        List<JobView> items = query.page(page, pageSize).list().stream().map(JobMapper::toView).toList();
        return new JobPage(items, page, pageSize, query.count());
    }

    /**
     * Cancels a job: it ends CANCELLED now and a cancel goes to the workers on {@code slipway.job-control}.
     *
     * @return the cancelled job
     * @throws ApiException {@code job-finished} if it had already ended
     */
    @Transactional
    public JobView cancel(Caller caller, UUID id) {
        Job job = jobs.lock(id).orElseThrow(() -> notFound(id));
        requireOwner(caller, job);
        if (job.state.isTerminal()) {
            throw new ApiException(ErrorCode.JOB_FINISHED, "job " + id + " already ended " + job.state);
        }
        job.finish(JobState.CANCELLED, Instant.now());
        ObjectNode error = EventLog.JSON.createObjectNode();
        error.put("reason", "cancelled");
        error.put("message", "cancelled by " + caller.name());
        job.error = error.toString();
        ObjectNode event = EventLog.gatewayEvent(job, CANCELLED);
        event.put("state", JobState.CANCELLED.name());
        event.put("reason", "cancelled by " + caller.name());
        log.append(job, job.attempt, null, CANCELLED, event, true);
        publishCancel(job);
        return JobMapper.toView(job);
    }

    /** @return the job's log lines (every {@code log} event's text, in order) */
    public String logs(Caller caller, UUID id) {
        visible(caller, id);
        StringBuilder text = new StringBuilder();
        for (JobEventRecord record : events.ofType(id, "log")) {
            JsonNode node = parse(record.data);
            text.append(node.path("text").asText(""));
        }
        return text.toString();
    }

    /** @throws ApiException 404/403 unless the caller may see the job */
    public void requireVisible(Caller caller, UUID id) {
        visible(caller, id);
    }

    /*
     * The three reads below serve event streams from executor threads, after the HTTP request that opened the stream
     * has returned: they run in their own transaction, whose session does not depend on the request.
     */

    /** @return whether the job has ended (its stream has nothing more to say) */
    @Transactional
    public boolean isFinished(UUID id) {
        return jobs.findByIdOptional(id).map(j -> j.state.isTerminal()).orElse(true);
    }

    /** @return up to {@code limit} events with sequence above {@code afterSeq}, in order */
    @Transactional
    public List<StoredEvent> eventsAfter(UUID id, long afterSeq, int limit) {
        return events.after(id, afterSeq, limit).stream().map(JobEventRecord::toStored).toList();
    }

    /** @return the events strictly between two sequence numbers, in order */
    @Transactional
    public List<StoredEvent> eventsBetween(UUID id, long afterSeq, long beforeSeq) {
        return events.between(id, afterSeq, beforeSeq).stream().map(JobEventRecord::toStored).toList();
    }

    /** @return whether a QUEUED or RUNNING job reads or writes any of the references */
    public boolean inUse(Collection<String> references) {
        return references.stream().anyMatch(r -> jobs.activeUsing(r) > 0);
    }

    /** @return job counts per state */
    public Map<JobState, Long> countByState() {
        Map<JobState, Long> counts = new EnumMap<>(JobState.class);
        for (JobState s : JobState.values()) {
            counts.put(s, 0L);
        }
        for (Object[] row : jobs.countByState()) {
            counts.put((JobState) row[0], ((Number) row[1]).longValue());
        }
        return counts;
    }

    private Job visible(Caller caller, UUID id) {
        Job job = jobs.findByIdOptional(id).orElseThrow(() -> notFound(id));
        requireOwner(caller, job);
        return job;
    }

    private static void requireOwner(Caller caller, Job job) {
        if (!caller.admin() && !caller.name().equals(job.owner)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "job " + job.id + " belongs to another user");
        }
    }

    static ApiException notFound(UUID id) {
        return new ApiException(ErrorCode.JOB_NOT_FOUND, "no job " + id);
    }

    private static JsonNode parse(String json) {
        try {
            return EventLog.JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored event JSON is corrupt", e);
        }
    }
}
