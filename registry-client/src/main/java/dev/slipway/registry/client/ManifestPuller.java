package dev.slipway.registry.client;

import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.Manifest;
import dev.slipway.common.oci.MediaType;
import dev.slipway.common.oci.MediaTypes;
import dev.slipway.common.oci.RepositoryName;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.Optional;

/** {@code GET /v2/<name>/manifests/<reference>}, with the digest of the received bytes verified. */
final class ManifestPuller {

    /** Every manifest kind this farm stores, OCI first. */
    static final String ACCEPT = String.join(", ", MediaTypes.OCI_INDEX.value(), MediaTypes.OCI_MANIFEST.value(),
            MediaTypes.DOCKER_MANIFEST_LIST.value(), MediaTypes.DOCKER_MANIFEST.value());
    /** The OCI spec lets registries refuse manifests above 4 MiB; no client needs more. */
    static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

    private final Transport transport;

    ManifestPuller(Transport transport) {
        this.transport = transport;
    }

    Manifest pull(RepositoryName repository, String reference) throws RegistryException {
        String name = transport.endpoint().name();
        String what = repository + (reference.contains(":") ? "@" : ":") + reference;
        HttpResponse<InputStream> response = transport.send(Transport.Request.of("GET",
                transport.endpoint().resolve("/v2/" + repository + "/manifests/" + reference), Scope.pull(repository))
                .header("Accept", ACCEPT));
        if (response.statusCode() != 200) {
            throw Responses.unexpected(name, "GET manifest " + what, response);
        }
        byte[] bytes = Responses.readSmall(name, response, MAX_MANIFEST_BYTES);
        Digest actual = Digest.sha256(bytes);
        Optional<Digest> expected = reference.contains(":") ? Optional.of(Digest.parse(reference))
                : response.headers().firstValue("Docker-Content-Digest").flatMap(ManifestPuller::sha256);
        if (expected.isPresent() && expected.get().algorithm() == actual.algorithm()
                && !expected.get().equals(actual)) {
            throw new RegistryException(name + " sent manifest " + what + " with digest " + actual + ", expected "
                    + expected.get());
        }
        MediaType type = response.headers().firstValue("Content-Type").map(ManifestPuller::mediaType).orElse(null);
        try {
            return Manifest.parse(bytes, type);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(name + " sent an invalid manifest for " + what + ": " + e.getMessage());
        }
    }

    private static Optional<Digest> sha256(String header) {
        try {
            return Optional.of(Digest.parse(header.trim()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static MediaType mediaType(String header) {
        try {
            return MediaType.fromContentType(header);
        } catch (IllegalArgumentException e) {
            return null; // the manifest's own mediaType field decides then
        }
    }
}
