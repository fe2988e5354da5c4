package dev.slipway.layerstore.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.layerstore.auth.Access;
import dev.slipway.layerstore.auth.RegistryAuth;
import dev.slipway.layerstore.auth.Requirement;
import dev.slipway.layerstore.auth.Verdict;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;

/**
 * The first handler of every {@code /v2} request, ahead of the upload routes and the resources: refuses a request
 * whose token does not allow what it needs ({@code 401 UNAUTHORIZED} with the {@code WWW-Authenticate} challenge, or
 * {@code 403 DENIED}) before any repository is looked up, so callers without pull learn nothing about a repository,
 * not even whether it exists. An allowed request carries its caller's {@link Access} on to the resources.
 */
@ApplicationScoped
public class AuthGate {

    /** Ahead of {@link UploadBodyRoutes} and the JAX-RS routes. */
    private static final int ORDER = -2000;
    private static final String ACCESS = Access.class.getName();

    private final RegistryAuth auth;
    private final ObjectMapper json;

    AuthGate(RegistryAuth auth, ObjectMapper json) {
        this.auth = auth;
        this.json = json;
    }

    void register(@Observes Router router) {
        router.routeWithRegex("/v2(/.*)?").order(ORDER).handler(this::guard);
    }

    /**
     * @param context a {@code /v2} request that went through the gate
     * @return what its caller may do
     */
    static Access accessOf(RoutingContext context) {
        Access access = context.get(ACCESS);
        if (access == null) {
            throw new IllegalStateException("a /v2 request reached a resource without passing the auth gate");
        }
        return access;
    }

    private void guard(RoutingContext context) {
        if (!auth.enabled()) {
            context.put(ACCESS, Access.UNRESTRICTED);
            context.next();
            return;
        }
        String authorization = context.request().getHeader("Authorization");
        Requirement requirement = AccessRules.requirement(context.request().method(), context.normalizedPath());
        Verdict verdict = auth.check(authorization, requirement);
        if (verdict instanceof Verdict.KeysNeeded) {
            // Fetching the issuer's keys is network I/O: off the event loop. The request stays paused meanwhile.
            context.vertx().executeBlocking(() -> auth.checkFetchingKeys(authorization, requirement), false)
                    .onComplete(result -> {
                        if (result.succeeded()) {
                            apply(context, result.result());
                        } else {
                            context.fail(result.cause());
                        }
                    });
            return;
        }
        apply(context, verdict);
    }

    private void apply(RoutingContext context, Verdict verdict) {
        if (verdict instanceof Verdict.Allowed allowed) {
            context.put(ACCESS, allowed.access());
            context.next();
        } else if (verdict instanceof Verdict.Refused refused) {
            refuse(context, refused);
        } else {
            throw new IllegalStateException("keys were fetched, yet more are needed: " + verdict);
        }
    }

    private static boolean hasBody(RoutingContext context) {
        String length = context.request().getHeader("Content-Length");
        return context.request().getHeader("Transfer-Encoding") != null
                || (length != null && !length.isBlank() && !length.trim().equals("0"));
    }

    private void refuse(RoutingContext context, Verdict.Refused refused) {
        HttpServerResponse response = context.response().setStatusCode(refused.status())
                .putHeader("Content-Type", "application/json")
                .putHeader("Docker-Distribution-API-Version", "registry/2.0");
        refused.challenge().ifPresent(challenge -> response.putHeader("WWW-Authenticate", challenge));
        if (hasBody(context) && !context.request().isEnded()) {
            response.putHeader("Connection", "close"); // an upload's body is not read
        }
        Map<String, Object> detail = refused.scope().<Map<String, Object>>map(scope -> Map.of("scope", scope.toString()))
                .orElse(Map.of());
        try {
            response.end(Buffer.buffer(json.writeValueAsBytes(
                    OciErrorBody.of(refused.code().name(), refused.message(), detail))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("error bodies are plain records", e);
        }
    }
}
