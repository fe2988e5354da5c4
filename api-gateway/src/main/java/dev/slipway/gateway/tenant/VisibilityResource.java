package dev.slipway.gateway.tenant;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.gateway.error.ApiException;
import dev.slipway.gateway.error.ErrorCode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/**
 * {@code GET|PUT /api/v1/repositories/{name}/visibility}, body {@code {"public":true|false}}: public repositories
 * may be pulled by anyone, even without credentials. Only the namespace's owner or an administrator changes it.
 */
@Path("/api/v1/repositories")
public class VisibilityResource {

    private final RepositoryVisibility visibility;
    private final NamespacePolicy policy;
    private final CurrentCaller current;

    VisibilityResource(RepositoryVisibility visibility, NamespacePolicy policy, CurrentCaller current) {
        this.visibility = visibility;
        this.policy = policy;
        this.current = current;
    }

    /**
     * Body and answer of the visibility calls.
     *
     * @param repository the repository (in answers)
     * @param isPublic   whether anyone may pull it
     */
    public record Visibility(String repository, @JsonProperty("public") Boolean isPublic) {
    }

    /** @return whether the repository is public */
    @GET
    @Path("{name: .+}/visibility")
    public Visibility get(@PathParam("name") String name) {
        RepositoryName repository = RepositoryName.parse(name);
        return new Visibility(repository.value(), visibility.isPublic(repository.value()));
    }

    /** Makes the repository public or private. */
    @PUT
    @Path("{name: .+}/visibility")
    public Visibility set(@PathParam("name") String name, Visibility body) {
        RepositoryName repository = RepositoryName.parse(name);
        if (body == null || body.isPublic() == null) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "body {\"public\": true|false} required");
        }
        Caller caller = current.get();
        policy.requireWrite(caller, repository);
        visibility.set(repository, body.isPublic(), caller.name());
        return new Visibility(repository.value(), body.isPublic());
    }
}
