package dev.slipway.gateway.sse;

import dev.slipway.gateway.error.ApiException;
import dev.slipway.gateway.error.ErrorCode;
import dev.slipway.gateway.job.JobEventBus;
import dev.slipway.gateway.job.JobResource;
import dev.slipway.gateway.job.JobService;
import dev.slipway.gateway.tenant.CurrentCaller;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.UUID;
import org.eclipse.microprofile.context.ManagedExecutor;

/**
 * {@code GET /api/v1/jobs/{id}/events}: every event of the job as Server-Sent Events ({@code id:} = job-wide
 * sequence), replayed from the database after {@code Last-Event-ID}, then live; the stream ends after the terminal event.
 */
@Path("/api/v1/jobs/{id}/events")
public class JobEventStreamResource {

    private final JobService jobs;
    private final JobEventBus bus;
    private final CurrentCaller caller;
    private final ManagedExecutor executor;
    private final Counter fellBehind;

    JobEventStreamResource(JobService jobs, JobEventBus bus, CurrentCaller caller, ManagedExecutor executor,
            MeterRegistry registry) {
        this.jobs = jobs;
        this.bus = bus;
        this.caller = caller;
        this.executor = executor;
        this.fellBehind = Counter.builder("slipway.sse.fell.behind")
                .description("times a watcher fell more than " + Watcher.MAX_PENDING
                        + " events behind and caught up from the database")
                .register(registry);
    }

    /**
     * Streams the job's events; the stream ends after the terminal event. The events go straight to the connection
     * through {@link SseEventSink} rather than a {@code Multi}, which writes one event at a time and waits for each
     * write to finish before asking for the next: see {@link Watcher}.
     */
    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    public void stream(@PathParam("id") String id, @HeaderParam("Last-Event-ID") String lastEventId,
            @Context SseEventSink sink, @Context Sse sse) {
        UUID job = JobResource.jobId(id);
        jobs.requireVisible(caller.get(), job);
        long lastSeen = lastSeen(lastEventId);
        // the response head goes out here, on the request's thread: once the watcher runs, events are written from
        // other threads, and the HTTP layer must not be setting up the response on two threads at once
        sink.send(sse.newEventBuilder().comment("events of job " + job).build());
        Watcher watcher = new Watcher(job, lastSeen, sink, sse, jobs, executor, fellBehind::increment);
        // the client leaving closes the sink, which tells its broadcaster's close listeners
        SseBroadcaster leaving = sse.newBroadcaster();
        leaving.onClose(closed -> watcher.onClientGone());
        leaving.register(sink);
        // subscribe before replaying: whatever commits meanwhile is held, and replay covers everything before
        watcher.start(bus.subscribe(job, watcher::onLive));
    }

    private static long lastSeen(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return 0;
        }
        try {
            long seq = Long.parseLong(lastEventId.trim());
            if (seq >= 0) {
                return seq;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(ErrorCode.INVALID_REQUEST,
                "Last-Event-ID must be an event sequence number (the id: of an event), not \"" + lastEventId + "\"");
    }
}
