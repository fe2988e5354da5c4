package dev.slipway.registry.client;

import java.net.http.HttpHeaders;
import java.util.Optional;

/**
 * Docker Hub's pull-rate budget, read from the {@code ratelimit-limit} and {@code ratelimit-remaining} headers
 * ({@code 100;w=21600}: 100 pulls per 21600 s window).
 *
 * @param limit pulls allowed in the window
 * @param remaining pulls left in the window
 * @param windowSeconds the window length, or 0 when not given
 */
public record RateLimit(int limit, int remaining, long windowSeconds) {

    /** Reads the headers; empty when the registry does not send them (every registry but Docker Hub). */
    static Optional<RateLimit> from(HttpHeaders headers) {
        Optional<String> limit = headers.firstValue("ratelimit-limit");
        Optional<String> remaining = headers.firstValue("ratelimit-remaining");
        if (limit.isEmpty() || remaining.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RateLimit(leadingInt(limit.get()), leadingInt(remaining.get()),
                    window(limit.get())));
        } catch (NumberFormatException e) {
            // a malformed header is informational only: ignore it rather than fail the transfer
            return Optional.empty();
        }
    }

    private static int leadingInt(String value) {
        int semi = value.indexOf(';');
        return Integer.parseInt((semi >= 0 ? value.substring(0, semi) : value).trim());
    }

    private static long window(String value) {
        int w = value.indexOf("w=");
        if (w < 0) {
            return 0;
        }
        int end = w + 2;
        while (end < value.length() && Character.isDigit(value.charAt(end))) {
            end++;
        }
        return end > w + 2 ? Long.parseLong(value.substring(w + 2, end)) : 0;
    }
}
