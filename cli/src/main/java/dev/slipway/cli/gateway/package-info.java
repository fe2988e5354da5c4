/**
 * The gateway's HTTP API as {@code slip} uses it: {@link dev.slipway.cli.gateway.GatewayClient} is the one facade;
 * the records are this client's own view of the answers (consumer-owned, unknown fields ignored); errors arrive as
 * {@link dev.slipway.cli.gateway.GatewayException} (a problem+json answer) or
 * {@link dev.slipway.cli.gateway.GatewayUnreachableException} (nothing answered).
 */
package dev.slipway.cli.gateway;
