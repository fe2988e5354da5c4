package dev.slipway.layerstore.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verified tokens by their exact string until they expire, so that every request after a client's first costs one map
 * lookup instead of a JSON parse and an RSA verification. Bounded: when full, expired tokens are dropped, and if that
 * frees nothing, everything (the tokens are verified again on their next use).
 */
final class TokenCache {

    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    private final int capacity;
    private final Duration skew;

    TokenCache(int capacity, Duration skew) {
        this.capacity = capacity;
        this.skew = skew;
    }

    /** @return the grant of a token verified before and not expired since */
    Optional<Grant> get(String token) {
        Grant grant = grants.get(token);
        if (grant == null) {
            return Optional.empty();
        }
        if (expired(grant, Instant.now())) {
            grants.remove(token);
            return Optional.empty();
        }
        return Optional.of(grant);
    }

    void put(String token, Grant grant) {
        if (grants.size() >= capacity) {
            Instant now = Instant.now();
            grants.values().removeIf(cached -> expired(cached, now));
            if (grants.size() >= capacity) {
                grants.clear();
            }
        }
        grants.put(token, grant);
    }

    private boolean expired(Grant grant, Instant now) {
        return now.isAfter(grant.expiresAt().plus(skew));
    }
}
