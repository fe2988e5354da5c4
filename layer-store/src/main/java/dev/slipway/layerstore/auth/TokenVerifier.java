package dev.slipway.layerstore.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a registry JWT into a {@link Grant}: RS256 only, signed by a key of the {@link KeySet}, with the expected
 * {@code iss} and {@code aud}, inside {@code nbf}…{@code exp} give or take the clock skew. The claims are checked before
 * the signature, so a token that would be refused anyway never makes the registry fetch keys.
 *
 * @see <a href="https://distribution.github.io/distribution/spec/auth/jwt/">token authentication implementation</a>
 */
final class TokenVerifier {

    private final KeySet keys;
    private final String issuer;
    private final String audience;
    private final Duration skew;
    private final ObjectMapper json;

    TokenVerifier(KeySet keys, String issuer, String audience, Duration skew, ObjectMapper json) {
        this.keys = keys;
        this.issuer = issuer;
        this.audience = audience;
        this.skew = skew;
        this.json = json;
    }

    /**
     * @param token the compact JWT
     * @return what it grants
     * @throws UnknownKeyException   when it is signed with a key id the key set lacks
     * @throws InvalidTokenException when it is anything but a valid token for this registry
     */
    Grant verify(String token) throws InvalidTokenException {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw new InvalidTokenException("the token is not a signed JWT");
        }
        JsonNode header = decode(parts[0], "header");
        JsonNode claims = decode(parts[1], "claims");
        if (!"RS256".equals(header.path("alg").asText())) {
            throw new InvalidTokenException("the token must be signed with RS256");
        }
        String kid = header.path("kid").asText("");
        if (kid.isEmpty()) {
            throw new InvalidTokenException("the token names no signing key (kid)");
        }
        if (!issuer.equals(claims.path("iss").asText())) {
            throw new InvalidTokenException("the token is not issued by " + issuer);
        }
        if (!audiences(claims.path("aud")).contains(audience)) {
            throw new InvalidTokenException("the token is not meant for " + audience);
        }
        Instant now = Instant.now();
        if (!claims.path("exp").canConvertToLong()) {
            throw new InvalidTokenException("the token has no expiry (exp)");
        }
        Instant expiry = Instant.ofEpochSecond(claims.path("exp").asLong());
        if (now.isAfter(expiry.plus(skew))) {
            throw new InvalidTokenException("the token expired at " + expiry);
        }
        if (claims.has("nbf") && now.plus(skew).isBefore(Instant.ofEpochSecond(claims.path("nbf").asLong()))) {
            throw new InvalidTokenException("the token is not valid yet");
        }
        RSAPublicKey key = keys.key(kid).orElseThrow(() -> new UnknownKeyException(kid));
        if (!signed(parts, key)) {
            throw new InvalidTokenException("the token's signature does not verify");
        }
        return new Grant(claims.path("sub").asText(""), expiry, access(claims.path("access")),
                pullable(claims.path("pullable")));
    }

    private JsonNode decode(String part, String what) throws InvalidTokenException {
        try {
            JsonNode node = json.readTree(Base64.getUrlDecoder().decode(part));
            if (node == null || !node.isObject()) {
                throw new InvalidTokenException("the token's " + what + " is not a JSON object");
            }
            return node;
        } catch (IllegalArgumentException | IOException e) {
            throw new InvalidTokenException("the token's " + what + " is not base64url JSON");
        }
    }

    private static boolean signed(String[] parts, RSAPublicKey key) throws InvalidTokenException {
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initVerify(key);
            rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return rs256.verify(Base64.getUrlDecoder().decode(parts[2]));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new InvalidTokenException("the token's signature is malformed");
        }
    }

    /** {@code aud} is a string or an array of strings (RFC 7519 §4.1.3). */
    private static List<String> audiences(JsonNode aud) {
        if (aud.isTextual()) {
            return List.of(aud.asText());
        }
        List<String> all = new ArrayList<>();
        aud.forEach(item -> all.add(item.asText()));
        return all;
    }

    /** {@code [{"type","name","actions":[…]}]} to granted actions by {@code <type>:<name>}; unknown actions grant nothing. */
    private static Map<String, Set<Action>> access(JsonNode entries) {
        Map<String, Set<Action>> access = new HashMap<>();
        for (JsonNode entry : entries) {
            String resource = entry.path("type").asText() + ":" + entry.path("name").asText();
            Set<Action> actions = access.computeIfAbsent(resource, ignored -> EnumSet.noneOf(Action.class));
            entry.path("actions").forEach(action -> Action.fromWire(action.asText()).ifPresent(actions::add));
        }
        return access;
    }

    private static List<RepositoryPattern> pullable(JsonNode patterns) {
        List<RepositoryPattern> all = new ArrayList<>();
        for (JsonNode pattern : patterns) {
            if (pattern.isTextual() && !pattern.asText().isEmpty()) {
                all.add(new RepositoryPattern(pattern.asText()));
            }
        }
        return all;
    }
}
