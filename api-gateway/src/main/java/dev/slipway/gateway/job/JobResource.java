package dev.slipway.gateway.job;

import dev.slipway.common.job.JobKind;
import dev.slipway.common.job.JobState;
import dev.slipway.gateway.error.ApiException;
import dev.slipway.gateway.error.ErrorCode;
import dev.slipway.gateway.job.api.JobPage;
import dev.slipway.gateway.job.api.JobRequests;
import dev.slipway.gateway.job.api.JobView;
import dev.slipway.gateway.metrics.SubmitLatency;
import dev.slipway.gateway.tenant.CurrentCaller;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;

/**
 * The job API: submit pulls, pushes, runs and commits; list, read, cancel jobs and read their logs. Every submission
 * takes an optional {@code ttl} (seconds a job may stay QUEUED before it ends FAILED with reason {@code expired}).
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    private final JobSubmissions submissions;
    private final JobService jobs;
    private final CurrentCaller caller;
    private final SubmitLatency latency;

    JobResource(JobSubmissions submissions, JobService jobs, CurrentCaller caller, SubmitLatency latency) {
        this.submissions = submissions;
        this.jobs = jobs;
        this.caller = caller;
        this.latency = latency;
    }

    /** {@code docker pull}. */
    @POST
    @Path("pulls")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response pull(JobRequests.Pull body, @QueryParam("ttl") Integer ttl) {
        return latency.time(JobKind.PULL, () -> accepted(submissions.pull(caller.get(), body, jobs.queueTtl(ttl))));
    }

    /** {@code docker push}. */
    @POST
    @Path("pushes")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response push(JobRequests.Push body, @QueryParam("ttl") Integer ttl) {
        return latency.time(JobKind.PUSH, () -> accepted(submissions.push(caller.get(), body, jobs.queueTtl(ttl))));
    }

    /** {@code docker run}. */
    @POST
    @Path("runs")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response run(JobRequests.Run body, @QueryParam("ttl") Integer ttl) {
        return latency.time(JobKind.RUN, () -> accepted(submissions.run(caller.get(), body, jobs.queueTtl(ttl))));
    }

    /** {@code docker commit -m -a}. */
    @POST
    @Path("commits")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response commit(JobRequests.Commit body, @QueryParam("ttl") Integer ttl) {
        return latency.time(JobKind.COMMIT, () -> accepted(submissions.commit(caller.get(), body, jobs.queueTtl(ttl))));
    }

    /** Lists jobs, newest first; non-admins see only their own. */
    @GET
    @Path("jobs")
    public JobPage list(@QueryParam("state") String state, @QueryParam("kind") String kind,
            @QueryParam("owner") String owner, @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("0") int size) {
        return jobs.list(caller.get(), parse(JobState.class, "state", state), parse(JobKind.class, "kind", kind), owner,
                page, size);
    }

    /** One job. */
    @GET
    @Path("jobs/{id}")
    public JobView get(@PathParam("id") String id) {
        return jobs.get(caller.get(), jobId(id));
    }

    /** Cancels a job: it ends CANCELLED and its worker is told to stop. */
    @DELETE
    @Path("jobs/{id}")
    public JobView cancel(@PathParam("id") String id) {
        return jobs.cancel(caller.get(), jobId(id));
    }

    /** The job's output as plain text. */
    @GET
    @Path("jobs/{id}/logs")
    @Produces(MediaType.TEXT_PLAIN)
    public String logs(@PathParam("id") String id) {
        return jobs.logs(caller.get(), jobId(id));
    }

    /** @return a job id, or 404 for anything that is not one (no such job can exist) */
    public static UUID jobId(String id) {
        try {
            UUID uuid = UUID.fromString(id);
            if (uuid.toString().equalsIgnoreCase(id)) {
                return uuid;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw new ApiException(ErrorCode.JOB_NOT_FOUND, "no job " + id + " (job ids are UUIDs)");
    }

    /** @return 202 with the job and its Location */
    public static Response accepted(JobView job) {
        return Response.accepted(job).location(URI.create(job.links().self())).build();
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, name + " must be one of "
                    + Arrays.toString(type.getEnumConstants()) + ", not \"" + value + "\"");
        }
    }
}
