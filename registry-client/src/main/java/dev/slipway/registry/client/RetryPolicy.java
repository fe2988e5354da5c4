package dev.slipway.registry.client;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How hard the client tries before giving up on a registry.
 *
 * @param maxAttempts attempts per request on network errors and 5xx answers (1 = no retry)
 * @param initialBackoff the first backoff; doubled on every further attempt, with full jitter
 * @param maxBackoff the cap on one backoff
 * @param maxRetryAfter the longest {@code Retry-After} a {@code 429} may ask for and still be waited out; longer means
 *     the registry is treated as unavailable right away
 * @param maxTokenRefreshes how many times a {@code 401} may trigger a new token for one request
 * @param maxBlobResumes how many times a blob download that drops mid-stream is resumed
 * @param connectTimeout the TCP connect timeout
 * @param requestTimeout the time to wait for response headers
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter,
        int maxTokenRefreshes, int maxBlobResumes, Duration connectTimeout, Duration requestTimeout) {

    /**
     * Limits for a registry on the same network (the layer-store): 5 attempts, backoff from 500 ms up to 20 s, a
     * {@code Retry-After} up to 60 s waited out, 3 token refreshes, 5 blob resumes, 10 s to connect, 60 s to the
     * response headers. A service that lets operators tune these maps its own configuration instead.
     */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(20),
            Duration.ofSeconds(60), 3, 5, Duration.ofSeconds(10), Duration.ofSeconds(60));

    /** Validates the bounds. */
    public RetryPolicy {
        if (maxAttempts < 1 || maxTokenRefreshes < 0 || maxBlobResumes < 0) {
            throw new IllegalArgumentException("retry counts must be positive: " + maxAttempts + ", "
                    + maxTokenRefreshes + ", " + maxBlobResumes);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    /** The wait before attempt {@code attempt + 1}: exponential with full jitter ("AWS backoff"). */
    Duration backoff(int attempt) {
        long cap = Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << Math.min(attempt - 1, 20));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
    }
}
