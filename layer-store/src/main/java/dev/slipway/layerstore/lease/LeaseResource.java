package dev.slipway.layerstore.lease;

import dev.slipway.layerstore.api.JsonBodies;
import dev.slipway.layerstore.error.ApiProblemException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;

/** {@code /api/v1/leases}: create, read, renew and release garbage-collection leases. */
@Path("/api/v1/leases")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class LeaseResource {

    private final Leases leases;
    private final JsonBodies bodies;

    LeaseResource(Leases leases, JsonBodies bodies) {
        this.leases = leases;
        this.bodies = bodies;
    }

    /**
     * @param body {@code {"owner","ttlSeconds","blobs"}}
     * @return 201 with the lease
     */
    @POST
    public Response create(byte[] body) {
        LeaseView lease = leases.create(bodies.read(body, LeaseRequest.class));
        return Response.created(URI.create("/api/v1/leases/" + lease.id())).entity(lease).build();
    }

    /**
     * @param id lease id
     * @return the lease
     */
    @GET
    @Path("{id}")
    public LeaseView get(@PathParam("id") String id) {
        return leases.get(parse(id));
    }

    /**
     * @param id   lease id
     * @param body {@code {"ttlSeconds","blobs"?}}: ttl and blobs to add
     * @return the renewed lease
     */
    @PUT
    @Path("{id}")
    public LeaseView renew(@PathParam("id") String id, byte[] body) {
        return leases.renew(parse(id), bodies.read(body, LeaseRequest.class));
    }

    /**
     * @param id lease id
     * @return 204
     */
    @DELETE
    @Path("{id}")
    public Response release(@PathParam("id") String id) {
        leases.release(parse(id));
        return Response.noContent().build();
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ApiProblemException(404, "LEASE_NOT_FOUND", "lease " + id + " does not exist");
        }
    }
}
