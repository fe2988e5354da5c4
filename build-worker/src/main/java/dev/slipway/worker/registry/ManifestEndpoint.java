package dev.slipway.worker.registry;

import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.Manifest;
import dev.slipway.common.oci.MediaType;
import dev.slipway.common.oci.MediaTypes;
import dev.slipway.common.oci.RepositoryName;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/** GET and PUT /v2/&lt;name&gt;/manifests/&lt;reference&gt;. */
final class ManifestEndpoint {

    private static final String ACCEPT = String.join(", ", MediaTypes.OCI_MANIFEST.value(), MediaTypes.OCI_INDEX.value(),
            MediaTypes.DOCKER_MANIFEST.value(), MediaTypes.DOCKER_MANIFEST_LIST.value());

    private final RegistryHttp http;

    ManifestEndpoint(RegistryHttp http) {
        this.http = http;
    }

    Optional<Manifest> pull(RepositoryName repo, String reference) throws RegistryException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(http.uri(repo, "manifests/" + reference))
                .header("Accept", ACCEPT).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        if (r.statusCode() != 200) {
            throw RegistryHttp.error("GET manifest " + repo.value() + ":" + reference, r.statusCode(), r.body());
        }
        MediaType type = r.headers().firstValue("Content-Type").map(v -> new MediaType(v.split(";")[0].strip())).orElse(null);
        try {
            return Optional.of(Manifest.parse(r.body(), type));
        } catch (IllegalArgumentException e) {
            throw new RegistryException("manifest " + repo.value() + ":" + reference + " is invalid: " + e.getMessage(), 200, "MANIFEST_INVALID");
        }
    }

    Digest push(RepositoryName repo, String reference, Manifest m) throws RegistryException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(http.uri(repo, "manifests/" + reference))
                .header("Content-Type", m.mediaType().value()).PUT(HttpRequest.BodyPublishers.ofByteArray(m.bytes())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 201) {
            throw RegistryHttp.error("PUT manifest " + repo.value() + ":" + reference, r.statusCode(), r.body());
        }
        return m.digest();
    }
}
