package dev.slipway.cli.config;

import java.util.Optional;

/**
 * The gateway a command talks to and the credentials it presents.
 *
 * @param url the gateway
 * @param token the bearer token, or {@code null} to send none
 * @param tokenSource where the token came from, for messages
 */
public record Target(GatewayUrl url, String token, TokenSource tokenSource) {

    /** @throws NullPointerException if url or tokenSource is missing */
    public Target {
        java.util.Objects.requireNonNull(url, "url");
        java.util.Objects.requireNonNull(tokenSource, "tokenSource");
        if (token != null && token.isBlank()) {
            token = null;
        }
        if (token == null) {
            tokenSource = TokenSource.NONE;
        }
    }

    /** @return the token, if any */
    public Optional<String> bearer() {
        return Optional.ofNullable(token);
    }

    /** Where a token was found. */
    public enum TokenSource {
        /** {@code SLIPWAY_TOKEN}. */
        ENVIRONMENT,
        /** {@code ~/.slipway/config.json}, written by {@code slip login}. */
        LOGIN,
        /** The local farm's {@code admin-token} file. */
        LOCAL_ADMIN,
        /** No token: requests go unauthenticated. */
        NONE
    }
}
