/**
 * Which registry is where: a {@link dev.slipway.registry.client.RegistryClient} per upstream host (from configuration
 * and {@code SLIPWAY_UPSTREAMS}) and for the layer-store, how upstream names map to layer-store repositories, and the
 * metrics every client feeds.
 */
package dev.slipway.sync.upstream;
