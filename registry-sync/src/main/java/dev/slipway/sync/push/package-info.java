/**
 * Pushing images from the layer-store to their upstream registry ({@code docker push}): every tag of the repository
 * or the one named, blobs the upstream has skipped, cross-repository mounts where possible, manifests last.
 */
package dev.slipway.sync.push;
