package dev.slipway.cli.gateway;

/** The gateway answered with a success status but a body this client cannot read (version mismatch, proxy page). */
public final class GatewayProtocolException extends RuntimeException {

    GatewayProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
