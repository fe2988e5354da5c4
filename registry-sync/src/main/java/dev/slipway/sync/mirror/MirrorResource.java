package dev.slipway.sync.mirror;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import java.util.List;
import java.util.UUID;

/**
 * {@code /api/v1/mirrors}: {@code POST {"repository","tagPattern","interval"}} → 201 with the rule,
 * {@code GET} lists, {@code GET /{id}} shows, {@code DELETE /{id}} removes.
 */
@Path("/api/v1/mirrors")
@Produces(MediaType.APPLICATION_JSON)
public class MirrorResource {

    private final MirrorService mirrors;

    MirrorResource(MirrorService mirrors) {
        this.mirrors = mirrors;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(MirrorRuleRequest request, @Context UriInfo uri) {
        MirrorRule rule = mirrors.create(request);
        return Response.created(uri.getAbsolutePathBuilder().path(rule.id().toString()).build()).entity(rule).build();
    }

    @GET
    public List<MirrorRule> list() {
        return mirrors.list();
    }

    @GET
    @Path("{id}")
    public MirrorRule get(@PathParam("id") UUID id) {
        return mirrors.get(id);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") UUID id) {
        mirrors.delete(id);
        return Response.noContent().build();
    }
}
