package dev.slipway.sync.push;

import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.ImageReference;

/**
 * One tag pushed.
 *
 * @param image the upstream image and tag
 * @param digest the manifest digest the upstream tag now points to
 * @param size the manifest's size in bytes
 */
public record PushResult(ImageReference image, Digest digest, long size) { }
