package dev.slipway.gateway.token;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.slipway.gateway.access.Scope;
import dev.slipway.gateway.error.ApiException;
import dev.slipway.gateway.error.ErrorCode;
import dev.slipway.gateway.error.Problem;
import dev.slipway.gateway.robot.RobotName;
import dev.slipway.gateway.robot.RobotService;
import dev.slipway.gateway.tenant.OwnAuthentication;
import dev.slipway.gateway.tenant.TenantService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The realm of the registry's {@code WWW-Authenticate: Bearer} challenge: {@code GET /api/v1/token?service=&scope=…}
 * with Basic credentials (a user and one of its API tokens, or a robot and its token), an API token as Bearer, or
 * none; and {@code GET /api/v1/token/keys}, the JWKS the layer-store verifies tokens with.
 */
@Path("/api/v1/token")
@OwnAuthentication
public class TokenResource {

    private static final String BASIC = "Basic ";
    private static final String BEARER = "Bearer ";

    private final RegistryTokens tokens;
    private final TenantService tenants;
    private final RobotService robots;

    TokenResource(RegistryTokens tokens, TenantService tenants, RobotService robots) {
        this.tokens = tokens;
        this.tenants = tenants;
        this.robots = robots;
    }

    /**
     * The token answer of the Docker token specification.
     *
     * @param token       the JWT
     * @param accessToken the same JWT (the OAuth2 name)
     * @param expiresIn   seconds until it expires
     * @param issuedAt    RFC 3339 time of issue
     */
    public record TokenAnswer(String token, @JsonProperty("access_token") String accessToken,
            @JsonProperty("expires_in") long expiresIn, @JsonProperty("issued_at") String issuedAt) {
    }

    /**
     * Issues a token granting the subset of the asked scopes the caller has.
     *
     * @param authorization the caller's credentials, if any
     * @param service       must be the configured service when given
     * @param scopes        {@code type:name:actions}, repeated (or space-separated)
     * @return 200 with the token; 401 for wrong credentials, 400 for a wrong service or a malformed scope
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response token(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("service") String service, @QueryParam("scope") List<String> scopes) {
        if (service != null && !service.equals(tokens.service())) {
            throw new ApiException(ErrorCode.INVALID_SERVICE, "this token service issues tokens for \""
                    + tokens.service() + "\", not \"" + service + "\"");
        }
        List<Scope> asked = Scope.parseAll(scopes);
        Requester who = authenticate(authorization);
        RegistryTokens.Issued issued = tokens.issue(who, asked);
        return Response.ok(new TokenAnswer(issued.token(), issued.token(),
                        Duration.between(issued.issuedAt(), issued.expiresAt()).toSeconds(), issued.issuedAt().toString()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build();
    }

    /** @return the JWKS of the published signing keys (no authentication: these are public keys) */
    @GET
    @Path("keys")
    @Produces(MediaType.APPLICATION_JSON)
    public String keys() {
        return tokens.jwks();
    }

    /** Wrong credentials here get a Basic challenge as well, so curl and browsers know what to send. */
    @ServerExceptionMapper
    Response failed(ApiException e) {
        Response problem = Problem.of(e.code(), e.getMessage()).toResponse();
        return e.code() != ErrorCode.UNAUTHORIZED ? problem : Response.fromResponse(problem)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + tokens.service() + "\"").build();
    }

    private Requester authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return new Requester.Anonymous();
        }
        if (authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return tenants.authenticate(authorization.substring(BEARER.length()).trim())
                    .<Requester>map(Requester.User::new)
                    .orElseThrow(() -> unauthorized("the bearer token is not a known API token"));
        }
        if (!authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            throw unauthorized("use Basic credentials (user and API token, or robot and robot token) or none");
        }
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(authorization.substring(BASIC.length()).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw unauthorized("the Basic credentials are not base64");
        }
        int colon = pair.indexOf(':');
        if (colon <= 0) {
            throw unauthorized("the Basic credentials must be name:token");
        }
        String name = pair.substring(0, colon);
        String secret = pair.substring(colon + 1);
        if (RobotName.isRobot(name)) {
            return robots.authenticate(name, secret).<Requester>map(Requester.Robot::new)
                    .orElseThrow(() -> unauthorized("unknown robot, wrong token, or the robot expired or was revoked"));
        }
        return tenants.authenticate(secret).filter(caller -> caller.name().equals(name))
                .<Requester>map(Requester.User::new)
                .orElseThrow(() -> unauthorized("the password must be one of " + name + "'s API tokens"));
    }

    private static ApiException unauthorized(String detail) {
        return new ApiException(ErrorCode.UNAUTHORIZED, detail);
    }
}
