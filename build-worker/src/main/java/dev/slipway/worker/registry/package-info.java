/**
 * The worker's access to the layer-store: {@link dev.slipway.worker.registry.LayerStore}, a content-addressed view on
 * top of the shared Registry v2 client ({@code dev.slipway.registry.client}), which logs in as the worker's robot
 * account through the token challenge flow.
 */
package dev.slipway.worker.registry;
