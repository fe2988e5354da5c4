package dev.slipway.gateway.robot;

import dev.slipway.gateway.tenant.CurrentCaller;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Robot accounts over HTTP: {@code POST/GET /api/v1/robots}, {@code DELETE /api/v1/robots/{name}}. */
@Path("/api/v1/robots")
public class RobotResource {

    private final RobotService robots;
    private final CurrentCaller current;

    RobotResource(RobotService robots, CurrentCaller current) {
        this.robots = robots;
        this.current = current;
    }

    /** Creates a robot; 201 with its token, shown this once. */
    @POST
    public Response create(RobotService.NewRobot body) {
        return Response.status(Response.Status.CREATED).entity(robots.create(current.get(), body)).build();
    }

    /** @return the caller's robots; an administrator's: all */
    @GET
    public List<RobotService.RobotView> list() {
        return robots.list(current.get());
    }

    /** Revokes a robot; 204. */
    @DELETE
    @Path("{name}")
    public Response revoke(@PathParam("name") String name) {
        robots.revoke(current.get(), name);
        return Response.noContent().build();
    }
}
