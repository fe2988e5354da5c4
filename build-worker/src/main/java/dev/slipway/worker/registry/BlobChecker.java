package dev.slipway.worker.registry;

import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.RepositoryName;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** HEAD /v2/&lt;name&gt;/blobs/&lt;digest&gt;: whether the repository already has a blob. */
final class BlobChecker {

    private final RegistryHttp http;

    BlobChecker(RegistryHttp http) {
        this.http = http;
    }

    boolean exists(RepositoryName repo, Digest digest) throws RegistryException {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(http.uri(repo, "blobs/" + digest))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
            return true;
        }
        if (r.statusCode() == 404) {
            return false;
        }
        throw new RegistryException("HEAD blob " + digest + " in " + repo.value() + " failed with HTTP " + r.statusCode(),
                r.statusCode(), null);
    }
}
