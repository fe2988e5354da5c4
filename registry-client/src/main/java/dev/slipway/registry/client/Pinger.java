package dev.slipway.registry.client;

import java.io.InputStream;
import java.net.http.HttpResponse;

/**
 * {@code GET /v2/}: whether the endpoint is a registry this client can use, including its login (a {@code 401} is
 * answered with a token that carries no scope, which is all the base endpoint needs).
 */
final class Pinger {

    private final Transport transport;

    Pinger(Transport transport) {
        this.transport = transport;
    }

    void ping() throws RegistryException {
        HttpResponse<InputStream> response = transport.send(
                Transport.Request.of("GET", transport.endpoint().resolve("/v2/"), Scope.none()));
        if (response.statusCode() != 200) {
            throw Responses.unexpected(transport.endpoint().name(), "GET /v2/", response);
        }
        Transport.drain(response);
    }
}
