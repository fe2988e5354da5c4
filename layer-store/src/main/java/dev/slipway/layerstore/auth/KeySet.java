package dev.slipway.layerstore.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The issuer's public keys by key id, from its JWKS ({@code {"keys":[{"kty":"RSA","kid","n","e",…}]}}). Fetched on
 * first need and again when a token names an unknown key id, at most once per refetch interval, so that a rotated key
 * is picked up while made-up key ids cannot make the registry hammer the issuer. Thread-safe: readers see one
 * immutable map, fetches are serialised.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7517">RFC 7517 (JWK)</a>
 */
final class KeySet {

    private static final Logger LOG = Logger.getLogger(KeySet.class);
    /** Smaller RSA keys are not trusted to sign anything. */
    private static final int MIN_BITS = 2048;

    private final URI url;
    private final Duration timeout;
    private final long refetchNanos;
    private final ObjectMapper json;
    private final HttpClient http;
    private volatile Map<String, RSAPublicKey> keys = Map.of();
    private volatile boolean attempted;
    private volatile long lastAttempt;

    KeySet(URI url, Duration timeout, Duration refetchInterval, ObjectMapper json) {
        this.url = url;
        this.timeout = timeout;
        this.refetchNanos = refetchInterval.toNanos();
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** @return the key with that id, if the last fetch had it */
    Optional<RSAPublicKey> key(String kid) {
        return Optional.ofNullable(keys.get(kid));
    }

    /** @return whether a fetch is allowed now (none yet, or the last one is older than the refetch interval) */
    private boolean mayFetch() {
        return !attempted || System.nanoTime() - lastAttempt >= refetchNanos;
    }

    /**
     * Fetches the JWKS again unless another fetch happened within the refetch interval (a caller that waited here
     * for a concurrent fetch then simply sees its result). Blocking: call off the event loop. A failed fetch keeps the
     * previous keys.
     */
    synchronized void refresh() {
        if (!mayFetch()) {
            return;
        }
        attempted = true;
        lastAttempt = System.nanoTime();
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(url).timeout(timeout)
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                LOG.warnf("JWKS %s answered %d; keeping %d known keys", url, response.statusCode(), keys.size());
                return;
            }
            keys = parse(json.readTree(response.body()));
            LOG.debugf("JWKS %s: %d keys", url, keys.size());
        } catch (IOException e) {
            LOG.warnf("cannot fetch the JWKS %s (%s); keeping %d known keys", url, e.getMessage(), keys.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Takes the RSA signing keys of a JWKS and skips anything else. */
    private static Map<String, RSAPublicKey> parse(JsonNode jwks) {
        Map<String, RSAPublicKey> parsed = new HashMap<>();
        for (JsonNode jwk : jwks.path("keys")) {
            String kid = jwk.path("kid").asText("");
            if (kid.isEmpty() || !"RSA".equals(jwk.path("kty").asText())
                    || !jwk.path("use").asText("sig").equals("sig") || !jwk.path("alg").asText("RS256").equals("RS256")) {
                continue;
            }
            try {
                Base64.Decoder base64 = Base64.getUrlDecoder();
                RSAPublicKeySpec spec = new RSAPublicKeySpec(new BigInteger(1, base64.decode(jwk.path("n").asText())),
                        new BigInteger(1, base64.decode(jwk.path("e").asText())));
                RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(spec);
                if (key.getModulus().bitLength() >= MIN_BITS) {
                    parsed.put(kid, key);
                } else {
                    LOG.warnf("JWKS key %s has only %d bits; ignored", kid, key.getModulus().bitLength());
                }
            } catch (IllegalArgumentException | GeneralSecurityException e) {
                LOG.warnf("JWKS key %s is malformed (%s); ignored", kid, e.getMessage());
            }
        }
        return Map.copyOf(parsed);
    }
}
