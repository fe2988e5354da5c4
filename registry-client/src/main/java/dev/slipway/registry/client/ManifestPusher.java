package dev.slipway.registry.client;

import dev.slipway.common.oci.Manifest;
import dev.slipway.common.oci.RepositoryName;
import java.io.InputStream;
import java.net.http.HttpResponse;

/** {@code PUT /v2/<name>/manifests/<reference>} with the manifest's exact bytes. */
final class ManifestPusher {

    private final Transport transport;

    ManifestPusher(Transport transport) {
        this.transport = transport;
    }

    void push(RepositoryName repository, String reference, Manifest manifest) throws RegistryException {
        HttpResponse<InputStream> response = transport.send(Transport.Request.of("PUT",
                transport.endpoint().resolve("/v2/" + repository + "/manifests/" + reference), Scope.push(repository))
                .header("Content-Type", manifest.mediaType().value())
                .body(Wire.Body.of(manifest.bytes())));
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw Responses.unexpected(transport.endpoint().name(), "PUT manifest " + repository + ":" + reference,
                    response);
        }
        Transport.drain(response);
    }
}
