package dev.slipway.registry.client;

import java.util.Objects;

/**
 * A username and password (or access token) for a registry; sent as HTTP Basic to the registry itself or to its
 * token endpoint.
 *
 * @param username the user
 * @param password the password or personal access token
 */
public record Credentials(String username, String password) {

    /** Validates both parts. */
    public Credentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.isEmpty() || username.indexOf(':') >= 0) {
            throw new IllegalArgumentException("registry username must be non-empty and must not contain ':'");
        }
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=***]";
    }
}
