package dev.slipway.gateway.tenant;

import dev.slipway.gateway.error.ApiException;
import dev.slipway.gateway.error.ErrorCode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Tenant administration: admins create users; users (and admins) create tokens. */
@Path("/api/v1/users")
public class UserResource {

    private final TenantService tenants;
    private final CurrentCaller current;

    UserResource(TenantService tenants, CurrentCaller current) {
        this.tenants = tenants;
        this.current = current;
    }

    /**
     * Body of {@code POST /api/v1/users}.
     *
     * @param name  the new user (its namespace)
     * @param admin whether it is an administrator
     */
    public record NewUser(String name, Boolean admin) {
    }

    /**
     * Body of {@code POST /api/v1/users/{name}/tokens}.
     *
     * @param description what the token is for
     */
    public record NewToken(String description) {
    }

    /** @return every user (admins only) */
    @GET
    public List<TenantService.UserView> list() {
        requireAdmin();
        return tenants.listUsers();
    }

    /** @return the caller */
    @GET
    @Path("me")
    public Caller me() {
        return current.get();
    }

    /** Creates a user with a first token (admins only). */
    @POST
    public Response create(NewUser body) {
        requireAdmin();
        if (body == null) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "body {\"name\":…} required");
        }
        TenantService.IssuedToken issued = tenants.createUser(new UserName(body.name()), Boolean.TRUE.equals(body.admin()));
        return Response.status(Response.Status.CREATED).entity(issued).build();
    }

    /** Issues another token for a user: the user itself or an admin. */
    @POST
    @Path("{name}/tokens")
    public Response token(@PathParam("name") String name, NewToken body) {
        Caller caller = current.get();
        if (!caller.admin() && !caller.name().equals(name)) {
            throw new ApiException(ErrorCode.FORBIDDEN, caller.name() + " may create tokens only for itself");
        }
        String description = body == null ? null : body.description();
        return Response.status(Response.Status.CREATED).entity(tenants.createToken(name, description)).build();
    }

    private void requireAdmin() {
        if (!current.get().admin()) {
            throw new ApiException(ErrorCode.FORBIDDEN, "only administrators manage users");
        }
    }
}
