package dev.slipway.cli.gateway;

/**
 * One hit of {@code GET /api/v1/search}.
 *
 * @param name repository name, e.g. {@code training/sinatra}
 * @param description one-line description, or {@code null}
 * @param stars star count
 * @param official whether it is an official image
 * @param automated whether it is an automated build
 */
public record SearchResult(String name, String description, int stars, boolean official, boolean automated) {
}
