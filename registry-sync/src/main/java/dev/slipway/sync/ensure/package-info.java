/** Pull-through for build-workers: {@code POST /internal/v1/ensure} makes sure an image is in the layer-store. */
package dev.slipway.sync.ensure;
