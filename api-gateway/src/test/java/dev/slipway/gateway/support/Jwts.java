package dev.slipway.gateway.support;

import static io.restassured.RestAssured.given;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

/**
 * Verifies registry tokens the way the layer-store does: against the JWKS the gateway publishes at
 * {@code /api/v1/token/keys}, checking the RS256 signature, issuer, audience and expiry.
 */
public final class Jwts {

    private Jwts() {
    }

    /** @return the published JWKS, fetched anonymously */
    public static JsonWebKeySet jwks() {
        String json = given().get("/api/v1/token/keys").then().statusCode(200).extract().asString();
        try {
            return new JsonWebKeySet(json);
        } catch (JoseException e) {
            throw new AssertionError("the JWKS does not parse: " + json, e);
        }
    }

    /**
     * @param jwt a compact JWS
     * @return its claims, after the signature, {@code iss}, {@code aud}, {@code exp}, {@code iat} and {@code jti}
     *     checked against the currently published keys
     * @throws InvalidJwtException when any check fails
     */
    public static JwtClaims verify(String jwt) throws InvalidJwtException {
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(jwks().getJsonWebKeys()))
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.RSA_USING_SHA256)
                .setExpectedIssuer("slipway")
                .setExpectedAudience("slipway-registry")
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireNotBefore()
                .setRequireJwtId()
                .build()
                .processToClaims(jwt);
    }

    /** @return the {@code kid} of the token's header */
    public static String kid(String jwt) {
        try {
            return JsonWebStructure.fromCompactSerialization(jwt).getKeyIdHeaderValue();
        } catch (JoseException e) {
            throw new AssertionError("not a JWS: " + jwt, e);
        }
    }

    /**
     * @param claims verified claims
     * @return the {@code access} claim as repository (or resource) name → granted actions
     */
    @SuppressWarnings("unchecked")
    public static Map<String, List<String>> access(JwtClaims claims) {
        List<Map<String, Object>> entries = (List<Map<String, Object>>) claims.getClaimValue("access");
        Map<String, List<String>> byName = new LinkedHashMap<>();
        for (Map<String, Object> entry : entries) {
            byName.put(entry.get("type") + ":" + entry.get("name"), (List<String>) entry.get("actions"));
        }
        return byName;
    }
}
