/**
 * registry-sync's persistent state (schema {@code sync}, managed by Flyway): which upstream tags were mirrored, when,
 * and at which digests. {@link dev.slipway.sync.state.SyncState} is the facade; entities stay package-private.
 */
package dev.slipway.sync.state;
