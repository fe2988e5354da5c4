package dev.slipway.sync.state;

import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.ImageReference;
import java.time.Instant;

/**
 * An upstream tag as last mirrored.
 *
 * @param image the upstream image and tag
 * @param upstreamDigest what the tag pointed to upstream
 * @param storedDigest what the layer-store tag points to
 * @param syncedAt when it was mirrored
 */
public record MirroredTag(ImageReference image, Digest upstreamDigest, Digest storedDigest, Instant syncedAt) { }
