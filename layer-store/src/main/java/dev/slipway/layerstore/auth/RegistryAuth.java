package dev.slipway.layerstore.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.layerstore.config.LayerStoreConfig;
import dev.slipway.layerstore.error.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The registry side of Docker's token flow: decides whether a {@code /v2} request's bearer token allows what the
 * request needs, and phrases the {@code WWW-Authenticate} challenge that sends clients to the gateway's token
 * endpoint. A token is verified once (signature, issuer, audience, validity) and then served from a cache until it
 * expires. Thread-safe.
 *
 * @see <a href="https://distribution.github.io/distribution/spec/auth/token/">token authentication specification</a>
 */
@ApplicationScoped
public class RegistryAuth {

    private static final Logger LOG = Logger.getLogger(RegistryAuth.class);

    private static final String BEARER = "Bearer ";

    private final boolean enabled;
    private final String realm;
    private final String service;
    private final KeySet keys;
    private final TokenVerifier verifier;
    private final TokenCache cache;

    RegistryAuth(LayerStoreConfig config, ObjectMapper json) {
        LayerStoreConfig.Auth auth = config.auth();
        this.enabled = auth.enabled();
        this.realm = auth.realm().toString();
        this.service = auth.service();
        this.keys = new KeySet(auth.jwksUrl(), auth.jwksTimeout(), auth.jwksRefetchInterval(), json);
        this.verifier = new TokenVerifier(keys, auth.issuer(), auth.service(), auth.clockSkew(), json);
        this.cache = new TokenCache(auth.cachedTokens(), auth.clockSkew());
    }

    /** @return whether {@code /v2} requests need tokens */
    public boolean enabled() {
        return enabled;
    }

    /**
     * Decides without blocking: a cached token costs one lookup, a new one a verification with the keys at hand.
     *
     * @param authorization the request's {@code Authorization} header, or null
     * @param requirement   what the request needs
     * @return allowed, refused, or {@link Verdict.KeysNeeded} when the token's key must be fetched first
     */
    public Verdict check(String authorization, Requirement requirement) {
        return decide(authorization, requirement, false);
    }

    /**
     * Like {@link #check}, after fetching the issuer's keys again (at most once per refetch interval). Blocking.
     *
     * @param authorization the request's {@code Authorization} header, or null
     * @param requirement   what the request needs
     * @return allowed or refused
     */
    public Verdict checkFetchingKeys(String authorization, Requirement requirement) {
        keys.refresh();
        return decide(authorization, requirement, true);
    }

    private Verdict decide(String authorization, Requirement requirement, boolean fetched) {
        if (!enabled) {
            return new Verdict.Allowed(Access.UNRESTRICTED);
        }
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return unauthorized(requirement, "authentication required", false);
        }
        String token = authorization.substring(BEARER.length()).trim();
        Optional<Grant> cached = cache.get(token);
        Grant grant;
        if (cached.isPresent()) {
            grant = cached.get();
        } else {
            try {
                grant = verifier.verify(token);
            } catch (UnknownKeyException e) {
                // Off the event loop even when no new fetch is due: a fetch may be in flight (a burst of requests
                // carrying a new key's first tokens), and waiting for it beats refusing a good token.
                if (!fetched) {
                    return new Verdict.KeysNeeded();
                }
                return unauthorized(requirement, e.getMessage(), true);
            } catch (InvalidTokenException e) {
                return unauthorized(requirement, e.getMessage(), true);
            }
            cache.put(token, grant);
        }
        if (requirement.needed().isPresent() && !grant.allows(requirement.needed().get())) {
            Scope needed = requirement.needed().get();
            return new Verdict.Refused(ErrorCode.DENIED, "the token of " + grant.subject() + " does not grant "
                    + needed, Optional.empty(), Optional.of(needed));
        }
        return new Verdict.Allowed(grant);
    }

    private Verdict unauthorized(Requirement requirement, String message, boolean badToken) {
        if (badToken) {
            LOG.debugf("refused a token (%s) for %s", message, requirement.advertised().orElse(null));
        }
        StringBuilder challenge = new StringBuilder("Bearer realm=\"").append(realm).append("\",service=\"")
                .append(service).append('"');
        requirement.advertised().ifPresent(scope -> challenge.append(",scope=\"").append(scope).append('"'));
        if (badToken) {
            challenge.append(",error=\"invalid_token\"");
        }
        return new Verdict.Refused(ErrorCode.UNAUTHORIZED, message, Optional.of(challenge.toString()),
                requirement.advertised());
    }
}
