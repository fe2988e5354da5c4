package dev.slipway.gateway.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.slipway.gateway.error.ApiException;
import dev.slipway.gateway.error.ErrorCode;
import dev.slipway.gateway.registry.RegistrySync;
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

/** Synchronous image operations: {@code docker images}, {@code tag}, {@code rmi}, {@code search}. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class ImageResource {

    private final ImageService images;
    private final RegistrySync registrySync;
    private final CurrentCaller caller;

    ImageResource(ImageService images, RegistrySync registrySync, CurrentCaller caller) {
        this.images = images;
        this.registrySync = registrySync;
        this.caller = caller;
    }

    /**
     * Body of {@code POST /api/v1/images/{ref}/tag}.
     *
     * @param target the new name, repository:tag
     */
    public record TagRequest(String target) {
    }

    /** {@code docker images}. */
    @GET
    @Path("images")
    public ArrayNode list(@QueryParam("reference") String reference) {
        return images.list(caller.get(), reference);
    }

    /** {@code docker tag}. */
    @POST
    @Path("images/{ref: .+}/tag")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response tag(@PathParam("ref") String reference, TagRequest body) {
        if (body == null || body.target() == null || body.target().isBlank()) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "body {\"target\":\"repository:tag\"} required");
        }
        return Response.status(Response.Status.CREATED).entity(images.tag(caller.get(), reference, body.target()))
                .build();
    }

    /** {@code docker inspect} and {@code docker history}: the image's manifest and config. */
    @GET
    @Path("images/{ref: .+}/json")
    public ImageService.ImageDetail inspect(@PathParam("ref") String reference) {
        return images.inspect(caller.get(), reference);
    }

    /** {@code docker rmi}. */
    @DELETE
    @Path("images/{ref: .+}")
    public ImageService.RemoveResult remove(@PathParam("ref") String reference,
            @QueryParam("force") @DefaultValue("false") boolean force) {
        return images.remove(caller.get(), reference, force);
    }

    /** {@code docker search}, answered by registry-sync. */
    @GET
    @Path("search")
    public JsonNode search(@QueryParam("q") String query, @QueryParam("limit") @DefaultValue("25") int limit) {
        caller.get();
        if (query == null || query.isBlank()) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "q (the search term) is required");
        }
        if (limit < 1 || limit > 100) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "limit must be between 1 and 100");
        }
        return registrySync.search(query, limit);
    }
}
