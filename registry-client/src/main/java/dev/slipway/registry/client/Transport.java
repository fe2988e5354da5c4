package dev.slipway.registry.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Sends requests to one registry: adds the {@code Authorization} header, answers {@code 401} challenges (a bounded
 * number of times), retries network errors and {@code 5xx} with exponential backoff and jitter, and waits out
 * {@code 429} for as long as {@code Retry-After} asks (up to a cap). Thread-safe.
 */
final class Transport {

    /** Sends an unauthenticated GET with the retry rules; used for token requests. */
    @FunctionalInterface
    interface RawSender {
        HttpResponse<InputStream> send(URI uri, Map<String, String> headers, String what) throws RegistryException;
    }

    /**
     * One logical request.
     *
     * @param method the HTTP method
     * @param uri the target
     * @param headers extra headers
     * @param scope the token scope it needs
     * @param body the body, or {@code null} for none; a streamed body makes the request non-replayable
     */
    record Request(String method, URI uri, Map<String, String> headers, Scope scope, Wire.Body body) {

        Request {
            headers = Map.copyOf(headers);
        }

        static Request of(String method, URI uri, Scope scope) {
            return new Request(method, uri, Map.of(), scope, null);
        }

        Request header(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Request(method, uri, h, scope, body);
        }

        Request body(Wire.Body content) {
            return new Request(method, uri, headers, scope, content);
        }

        /** Whether the request may be sent again after a network error (not with a streamed body). */
        boolean replayable() {
            return body == null || body.replayable();
        }

        String describe() {
            return method + " " + uri.getRawPath();
        }
    }

    private final RegistryEndpoint endpoint;
    private final RetryPolicy policy;
    private final RegistryObserver observer;
    private final Authenticator authenticator;

    Transport(RegistryEndpoint endpoint, RetryPolicy policy, RegistryObserver observer) {
        this.endpoint = endpoint;
        this.policy = policy;
        this.observer = observer;
        this.authenticator = new Authenticator(endpoint, this::sendPlain);
    }

    RegistryEndpoint endpoint() {
        return endpoint;
    }

    RetryPolicy policy() {
        return policy;
    }

    RegistryObserver observer() {
        return observer;
    }

    /**
     * Sends the request and returns the first answer that is neither a challenge nor retryable. The caller owns the
     * response body and must close it.
     *
     * @throws RegistryUnauthorizedException credentials missing or refused
     * @throws RegistryUnavailableException the registry is unreachable, failing or rate limiting
     */
    HttpResponse<InputStream> send(Request request) throws RegistryException {
        Scope scope = request.scope();
        int refreshes = 0;
        int attempt = 0;
        while (true) {
            attempt++;
            Map<String, String> headers = new LinkedHashMap<>(request.headers());
            Optional<String> authorization = authenticator.authorization(scope);
            authorization.ifPresent(a -> headers.put("Authorization", a));
            HttpResponse<InputStream> response;
            try {
                response = Wire.send(request.method(), request.uri(), headers, request.body(), policy);
            } catch (IOException e) {
                if (!request.replayable() || attempt >= policy.maxAttempts()) {
                    throw unavailable(request.describe(), attempt, e);
                }
                pause(policy.backoff(attempt), request.describe() + ": " + describe(e));
                continue;
            }
            RateLimit.from(response.headers()).ifPresent(r -> observer.rateLimit(endpoint.name(), r));
            int status = response.statusCode();
            if (status == 401) {
                drain(response);
                if (!request.replayable()) {
                    // the streamed body is spent; the caller starts the transfer over
                    throw new RegistryUnavailableException(endpoint.name() + " refused the credentials during "
                            + request.describe() + " (token expired mid-transfer)");
                }
                if (refreshes++ >= policy.maxTokenRefreshes()) {
                    throw new RegistryUnauthorizedException(endpoint.name() + " kept refusing " + request.describe()
                            + " after " + refreshes + " authentication attempts");
                }
                scope = authenticator.challenged(response.headers().allValues("WWW-Authenticate"), scope,
                        authorization.orElse(null));
                attempt--; // a challenge is part of the protocol, not a failed attempt
                continue;
            }
            if (status == 429 || status >= 500 && status != 501) {
                Duration wait = status == 429 ? retryAfter(response).orElse(policy.backoff(attempt))
                        : policy.backoff(attempt);
                drain(response);
                if (status == 429 && wait.compareTo(policy.maxRetryAfter()) > 0) {
                    throw new RegistryUnavailableException(endpoint.name() + " is rate limiting (HTTP 429, Retry-After "
                            + wait.toSeconds() + " s exceeds the " + policy.maxRetryAfter().toSeconds() + " s we wait)");
                }
                if (!request.replayable() || attempt >= policy.maxAttempts()) {
                    throw new RegistryUnavailableException(endpoint.name() + " answered HTTP " + status + " to "
                            + request.describe() + " (attempt " + attempt + " of " + policy.maxAttempts() + ")");
                }
                pause(wait, request.describe() + ": HTTP " + status);
                continue;
            }
            return response;
        }
    }

    /** GETs without registry credentials (token endpoints, blob storage redirects), with retries. */
    HttpResponse<InputStream> sendPlain(URI uri, Map<String, String> headers, String what) throws RegistryException {
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<InputStream> response = Wire.send("GET", uri, headers, null, policy);
                int status = response.statusCode();
                if ((status == 429 || status >= 500) && attempt < policy.maxAttempts()) {
                    Duration wait = status == 429 ? retryAfter(response).orElse(policy.backoff(attempt))
                            : policy.backoff(attempt);
                    drain(response);
                    if (wait.compareTo(policy.maxRetryAfter()) > 0) {
                        throw new RegistryUnavailableException(what + " is rate limited (HTTP 429)");
                    }
                    pause(wait, what + ": HTTP " + status);
                    continue;
                }
                return response;
            } catch (IOException e) {
                if (attempt >= policy.maxAttempts()) {
                    throw unavailable(what, attempt, e);
                }
                pause(policy.backoff(attempt), what + ": " + describe(e));
            }
        }
    }

    private RegistryUnavailableException unavailable(String what, int attempt, IOException e) {
        return new RegistryUnavailableException(endpoint.name() + " (" + endpoint.baseUri() + ") is unreachable: "
                + what + " failed after " + attempt + " attempt" + (attempt == 1 ? "" : "s") + ": " + describe(e), e);
    }

    private void pause(Duration wait, String reason) throws RegistryUnavailableException {
        observer.retried(endpoint.name(), reason);
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException("interrupted while waiting to retry " + reason, e);
        }
    }

    /** {@code Retry-After} as delta-seconds or an HTTP date. */
    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        Optional<String> value = response.headers().firstValue("Retry-After").map(String::trim);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.get()))));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.get(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
    }

    static String describe(IOException e) {
        if (e instanceof SocketTimeoutException) {
            return "timed out";
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    static void drain(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            body.skip(1 << 16);
        } catch (IOException e) {
            // the connection is discarded either way; nothing to report
        }
    }
}
