package dev.slipway.gateway.tenant;

import dev.slipway.gateway.error.ErrorCode;
import dev.slipway.gateway.error.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates every /api/v1 request by its {@code Authorization: Bearer} API token (never a robot's token: those
 * are only good at the registry token endpoint), except on resources marked {@link OwnAuthentication}. It runs
 * after the switch to a worker thread (every resource here is blocking), so the token lookup may touch the database.
 */
class BearerAuthFilter {

    private static final String BEARER = "Bearer ";

    private final TenantService tenants;
    private final CurrentCaller current;

    BearerAuthFilter(TenantService tenants, CurrentCaller current) {
        this.tenants = tenants;
        this.current = current;
    }

    @ServerRequestFilter
    Optional<Response> authenticate(ContainerRequestContext request, ResourceInfo resource) {
        if (ownAuthentication(resource)) {
            return Optional.empty();
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.of(unauthorized("this call needs an Authorization: Bearer <token> header"));
        }
        Optional<Caller> caller = tenants.authenticate(header.substring(BEARER.length()).trim());
        if (caller.isEmpty()) {
            return Optional.of(unauthorized("the bearer token is not known"));
        }
        current.set(caller.get());
        return Optional.empty();
    }

    private static boolean ownAuthentication(ResourceInfo resource) {
        return resource.getResourceMethod() != null
                && (resource.getResourceMethod().isAnnotationPresent(OwnAuthentication.class)
                || resource.getResourceClass().isAnnotationPresent(OwnAuthentication.class));
    }

    private static Response unauthorized(String detail) {
        return Response.fromResponse(Problem.of(ErrorCode.UNAUTHORIZED, detail).toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"slipway\"")
                .build();
    }
}
