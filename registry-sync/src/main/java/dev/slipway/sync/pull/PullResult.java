package dev.slipway.sync.pull;

import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.ImageReference;
import dev.slipway.common.oci.RepositoryName;
import java.time.Instant;

/**
 * The outcome of a pull.
 *
 * @param image the upstream image pulled
 * @param repository where it is in the layer-store
 * @param digest the digest of the manifest or index the layer-store now serves for it
 * @param outcome how it got there
 * @param mirroredAt when the content was mirrored (now, or earlier for a stale or up-to-date result); may be
 *     {@code null} when the layer-store holds an image that was never mirrored by registry-sync
 */
public record PullResult(ImageReference image, RepositoryName repository, Digest digest, Outcome outcome,
        Instant mirroredAt) {

    /** How a pull ended. */
    public enum Outcome {
        /** New content was fetched from upstream. */
        DOWNLOADED,
        /** The layer-store already had what upstream has now. */
        UP_TO_DATE,
        /** Upstream was unavailable; the earlier mirror is served. */
        STALE
    }
}
