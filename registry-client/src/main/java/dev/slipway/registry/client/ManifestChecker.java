package dev.slipway.registry.client;

import dev.slipway.common.oci.Descriptor;
import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.MediaType;
import dev.slipway.common.oci.RepositoryName;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.Optional;

/**
 * {@code HEAD /v2/<name>/manifests/<reference>}: what a tag points to, without downloading the manifest (and without
 * counting against Docker Hub's pull limit).
 */
final class ManifestChecker {

    private final Transport transport;

    ManifestChecker(Transport transport) {
        this.transport = transport;
    }

    /**
     * @return the manifest's descriptor, or empty when the registry does not know the reference, or when it answers
     *     without {@code Docker-Content-Digest} (then only a GET can tell)
     */
    Optional<Descriptor> check(RepositoryName repository, String reference) throws RegistryException {
        Transport.Request request = Transport.Request.of("HEAD",
                transport.endpoint().resolve("/v2/" + repository + "/manifests/" + reference), Scope.pull(repository))
                .header("Accept", ManifestPuller.ACCEPT);
        HttpResponse<InputStream> response = transport.send(request);
        Transport.drain(response);
        int status = response.statusCode();
        if (status == 404) {
            return Optional.empty();
        }
        if (status != 200) {
            throw Responses.unexpected(transport.endpoint().name(), "HEAD manifest " + repository + ":" + reference,
                    response);
        }
        Optional<String> digest = response.headers().firstValue("Docker-Content-Digest");
        Optional<String> type = response.headers().firstValue("Content-Type");
        if (digest.isEmpty() || type.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Descriptor.of(MediaType.fromContentType(type.get()), Digest.parse(digest.get()),
                    response.headers().firstValueAsLong("Content-Length").orElse(0)));
        } catch (IllegalArgumentException e) {
            throw new RegistryException(transport.endpoint().name() + " sent invalid manifest headers for "
                    + repository + ":" + reference + ": " + e.getMessage());
        }
    }
}
