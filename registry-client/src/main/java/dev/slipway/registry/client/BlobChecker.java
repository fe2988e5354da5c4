package dev.slipway.registry.client;

import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.RepositoryName;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.OptionalLong;

/** {@code HEAD /v2/<name>/blobs/<digest>}: whether a repository already has a blob, and its size. */
final class BlobChecker {

    private final Transport transport;

    BlobChecker(Transport transport) {
        this.transport = transport;
    }

    boolean exists(RepositoryName repository, Digest digest) throws RegistryException {
        return stat(repository, digest) != null;
    }

    /** The blob's size from {@code Content-Length}; empty when the repository does not have the blob. */
    OptionalLong size(RepositoryName repository, Digest digest) throws RegistryException {
        HttpResponse<InputStream> response = stat(repository, digest);
        if (response == null) {
            return OptionalLong.empty();
        }
        OptionalLong length = response.headers().firstValueAsLong("Content-Length");
        if (response.statusCode() != 200 || length.isEmpty()) {
            throw new RegistryException(transport.endpoint().name() + ": HEAD blob " + digest + " of " + repository
                    + " answered HTTP " + response.statusCode() + " without the blob's Content-Length");
        }
        return length;
    }

    // the drained response when the blob exists, null when it does not
    private HttpResponse<InputStream> stat(RepositoryName repository, Digest digest) throws RegistryException {
        HttpResponse<InputStream> response = transport.send(Transport.Request.of("HEAD",
                transport.endpoint().resolve("/v2/" + repository + "/blobs/" + digest), Scope.pull(repository)));
        Transport.drain(response);
        return switch (response.statusCode()) {
            case 200, 307 -> response;
            case 404 -> null;
            default -> throw Responses.unexpected(transport.endpoint().name(), "HEAD blob " + digest, response);
        };
    }
}
