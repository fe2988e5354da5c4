package dev.slipway.gateway.tenant;

/**
 * The authenticated user of the current request.
 *
 * @param name  the user (and its namespace)
 * @param admin whether the user may do anything
 */
public record Caller(String name, boolean admin) {
}
