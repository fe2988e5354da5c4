package dev.slipway.gateway.build;

import dev.slipway.common.job.JobKind;
import dev.slipway.gateway.job.JobResource;
import dev.slipway.gateway.metrics.SubmitLatency;
import dev.slipway.gateway.tenant.Caller;
import dev.slipway.gateway.tenant.CurrentCaller;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.List;

/**
 * {@code POST /api/v1/builds} — {@code docker build}: the body is the context tar (optionally gzip), the query carries
 * the flags with Docker Engine API names ({@code t} repeatable, {@code buildargs} and {@code labels} as JSON objects,
 * {@code target}, {@code dockerfile}, {@code nocache}, {@code sourcedateepoch}).
 */
@Path("/api/v1/builds")
public class BuildResource {

    private final BuildService builds;
    private final CurrentCaller caller;
    private final SubmitLatency latency;

    BuildResource(BuildService builds, CurrentCaller caller, SubmitLatency latency) {
        this.builds = builds;
        this.caller = caller;
        this.latency = latency;
    }

    /** Accepts a build: 202 with the job. */
    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response build(@QueryParam("t") List<String> tags, @QueryParam("buildargs") String buildArgs,
            @QueryParam("target") String target, @QueryParam("dockerfile") String dockerfile,
            @QueryParam("nocache") @DefaultValue("false") boolean noCache,
            @QueryParam("sourcedateepoch") String sourceDateEpoch, @QueryParam("labels") String labels, @QueryParam("ttl") Integer ttl,
            @HeaderParam("Content-Length") @DefaultValue("-1") long contentLength, InputStream body) {
        return latency.time(JobKind.BUILD, () -> {
            Caller who = caller.get();
            BuildParameters parameters = builds.parameters(who, tags, buildArgs, target, dockerfile, noCache,
                    sourceDateEpoch, labels);
            return JobResource.accepted(builds.submit(who, parameters, body, contentLength, builds.queueTtl(ttl)));
        });
    }
}
