package dev.slipway.cli.gateway;

/**
 * Answer of {@code GET /api/v1/users/me}: who a token belongs to.
 *
 * @param name the user (and its namespace)
 * @param admin whether the user is an administrator
 */
public record Account(String name, boolean admin) {
}
