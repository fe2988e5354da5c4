package dev.slipway.sync.registry;

import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.RepositoryName;
import java.io.InputStream;
import java.net.http.HttpResponse;

/** {@code HEAD /v2/<name>/blobs/<digest>}: whether a repository already has a blob. */
final class BlobChecker {

    private final Transport transport;

    BlobChecker(Transport transport) {
        this.transport = transport;
    }

    boolean exists(RepositoryName repository, Digest digest) throws RegistryException {
        HttpResponse<InputStream> response = transport.send(Transport.Request.of("HEAD",
                transport.endpoint().resolve("/v2/" + repository + "/blobs/" + digest), Scope.pull(repository)));
        Transport.drain(response);
        return switch (response.statusCode()) {
            case 200, 307 -> true;
            case 404 -> false;
            default -> throw Responses.unexpected(transport.endpoint().name(), "HEAD blob " + digest, response);
        };
    }
}
