package dev.slipway.cli.gateway;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Answer of {@code GET /api/v1/images/{ref}/json}: an image's manifest and config as stored, what {@code inspect}
 * and {@code history} print.
 *
 * @param digest the manifest digest
 * @param manifest the image manifest JSON
 * @param config the image config JSON (OCI / Docker image config)
 */
public record ImageDetail(String digest, JsonNode manifest, JsonNode config) {
}
