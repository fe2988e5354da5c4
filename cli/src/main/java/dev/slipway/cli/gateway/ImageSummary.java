package dev.slipway.cli.gateway;

import java.time.Instant;

/**
 * One row of {@code GET /api/v1/images}: a tag of a repository and the image it points to.
 *
 * @param repository e.g. {@code ouruser/sinatra}
 * @param tag e.g. {@code v2}, or {@code null} for an untagged image
 * @param id the image id (config digest), e.g. {@code sha256:2fa8…}
 * @param digest the manifest digest
 * @param created when the image was created, or {@code null} if unknown
 * @param size the image's size in bytes
 */
public record ImageSummary(String repository, String tag, String id, String digest, Instant created, long size) {
}
