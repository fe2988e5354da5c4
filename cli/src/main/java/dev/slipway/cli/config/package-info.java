/**
 * Where the gateway is and which token to send: the {@code -H} flag, {@code SLIPWAY_URL}/{@code SLIPWAY_TOKEN},
 * {@code ~/.slipway/config.json} written by {@code slip login}, and the local farm's admin token.
 */
package dev.slipway.cli.config;
