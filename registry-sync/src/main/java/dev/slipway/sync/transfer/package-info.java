/**
 * Copying images between registries: blobs streamed from source to target (skipped when present, mounted when a
 * repository of the target already holds them), manifests after their blobs, concurrent copies of one blob joined.
 * Used by pulls (upstream → layer-store), pushes (layer-store → upstream) and pull-through.
 */
package dev.slipway.sync.transfer;
