package dev.slipway.gateway.token;

import dev.slipway.gateway.access.Scope;
import dev.slipway.gateway.config.GatewayConfig;
import dev.slipway.gateway.registry.LayerStoreCredentials;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * Issues registry tokens: RS256 JWTs with {@code iss}, {@code sub}, {@code aud} (the service), {@code iat},
 * {@code nbf}, {@code exp}, a random {@code jti}, the granted {@code access} entries and, with the catalog,
 * {@code pullable}. Also signs the gateway's own tokens for its layer-store calls.
 */
@ApplicationScoped
public class RegistryTokens implements LayerStoreCredentials {

    /** A gateway token is renewed when less than this is left of it, so no call starts with a token about to expire. */
    private static final Duration RENEW_BEFORE = Duration.ofSeconds(60);
    private static final int MAX_CACHED = 1024;

    private final SigningKeys keys;
    private final AccessPolicy policy;
    private final GatewayConfig.Auth config;
    private final Map<String, Issued> gatewayTokens = new ConcurrentHashMap<>();

    RegistryTokens(SigningKeys keys, AccessPolicy policy, GatewayConfig config) {
        this.keys = keys;
        this.policy = policy;
        this.config = config.auth();
    }

    /**
     * A signed token and its timing.
     *
     * @param token     the compact JWS
     * @param issuedAt  {@code iat}
     * @param expiresAt {@code exp}
     */
    record Issued(String token, Instant issuedAt, Instant expiresAt) {
    }

    /**
     * A token for the gateway's own call to the layer-store (subject {@code slipway-gateway}), with exactly the scopes
     * the call needs; reused until shortly before it expires.
     *
     * @param scopes e.g. {@code repository:ouruser/app:pull,push}
     * @return the compact JWT for {@code Authorization: Bearer}
     */
    @Override
    public String bearer(String... scopes) {
        String key = String.join(" ", scopes);
        Issued cached = gatewayTokens.get(key);
        if (cached != null && Instant.now().plus(RENEW_BEFORE).isBefore(cached.expiresAt())) {
            return cached.token();
        }
        Issued fresh = issue(new Requester.Gateway(), Scope.parseAll(List.of(scopes)));
        if (gatewayTokens.size() >= MAX_CACHED) {
            // One entry per repository touched: drop the expired ones so a long-running gateway does not grow.
            Instant now = Instant.now();
            gatewayTokens.values().removeIf(t -> t.expiresAt().isBefore(now));
        }
        gatewayTokens.put(key, fresh);
        return fresh.token();
    }

    /** @return the configured service name (the only {@code service} the token endpoint accepts) */
    String service() {
        return config.service();
    }

    /**
     * @param who    the authenticated requester
     * @param scopes what it asks for; it gets the subset it has
     * @return the signed token
     */
    Issued issue(Requester who, List<Scope> scopes) {
        AccessPolicy.Grant grant = policy.grant(who, scopes);
        Instant now = Instant.now();
        Instant expires = now.plus(config.tokenLifetime());
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(config.issuer());
        claims.setSubject(who.subject());
        claims.setAudience(config.service());
        claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setNotBefore(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(expires.getEpochSecond()));
        claims.setGeneratedJwtId();
        List<Map<String, Object>> access = new ArrayList<>();
        for (AccessEntry entry : grant.access()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("type", entry.type());
            json.put("name", entry.name());
            json.put("actions", entry.actions());
            access.add(json);
        }
        claims.setClaim("access", access);
        if (grant.pullable() != null) {
            claims.setStringListClaim("pullable", grant.pullable());
        }
        SigningKeys.SigningKey key = keys.state().current();
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.privateKey());
        jws.setKeyIdHeaderValue(key.kid());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        try {
            return new Issued(jws.getCompactSerialization(), Instant.ofEpochSecond(now.getEpochSecond()),
                    Instant.ofEpochSecond(expires.getEpochSecond()));
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign a registry token with key " + key.kid(), e);
        }
    }

    /** @return the JWKS: the signing key and the retired keys whose tokens may still be valid */
    String jwks() {
        return jwks(keys.state());
    }

    /**
     * Rotates the signing key.
     *
     * @return the new signing key's id
     */
    String rotate() {
        SigningKeys.State state = keys.rotate();
        // The gateway's cached tokens stay valid (the old key stays published); new ones use the new key.
        return state.current().kid();
    }

    /** @return the ids of the published keys, the signing key first */
    List<String> publishedKids() {
        return keys.state().published().stream().map(SigningKeys.SigningKey::kid).toList();
    }

    private static String jwks(SigningKeys.State state) {
        List<JsonWebKey> published = new ArrayList<>();
        for (SigningKeys.SigningKey key : state.published()) {
            RsaJsonWebKey jwk = new RsaJsonWebKey(key.publicKey());
            jwk.setKeyId(key.kid());
            jwk.setUse("sig");
            jwk.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            published.add(jwk);
        }
        return new JsonWebKeySet(published).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }
}
