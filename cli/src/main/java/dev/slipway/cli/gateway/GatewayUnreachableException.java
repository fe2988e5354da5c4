package dev.slipway.cli.gateway;

import dev.slipway.cli.config.GatewayUrl;

/** Nothing answered at the gateway's address (connection refused, unknown host, timeout, connection dropped). */
public final class GatewayUnreachableException extends RuntimeException {

    GatewayUnreachableException(GatewayUrl url, String reason, Throwable cause) {
        super("cannot connect to the Slipway gateway at " + url + ": " + reason, cause);
    }
}
