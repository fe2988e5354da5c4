package dev.slipway.cli.config;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * What {@code slip login} saves for a gateway: the user name and its API token (docker's username and password).
 *
 * @param username the user the token belongs to, or {@code null} for a login saved before slip asked for it
 * @param token the API token
 */
public record Credentials(String username, String token) {

    /** @throws IllegalArgumentException if the token is blank or the user name contains {@code :} */
    public Credentials {
        Objects.requireNonNull(token, "token");
        if (token.isBlank()) {
            throw new IllegalArgumentException("a token is required");
        }
        if (username != null && (username.isBlank() || username.indexOf(':') >= 0)) {
            throw new IllegalArgumentException("invalid user name \"" + username + "\"");
        }
    }

    /** @return the {@code Authorization} value of HTTP Basic: {@code Basic base64(username:token)} */
    public String basicAuthorization() {
        String pair = (username == null ? "" : username) + ":" + token;
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    /** The token is a secret: never part of a log line or message. */
    @Override
    public String toString() {
        return "Credentials[username=" + username + ", token=***]";
    }
}
