package dev.slipway.registry.client;

import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.RepositoryName;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * {@code GET /v2/<name>/blobs/<digest>}, following redirects to a storage backend without the registry's credentials,
 * and resuming from an offset with {@code Range: bytes=<offset>-}.
 */
final class BlobPuller {

    private static final int MAX_REDIRECTS = 5;

    private final Transport transport;

    BlobPuller(Transport transport) {
        this.transport = transport;
    }

    BlobStream pull(RepositoryName repository, Digest digest, long size) throws RegistryException {
        return new BlobStream(this, repository, digest, size, open(repository, digest, 0));
    }

    /** The blob's bytes from {@code offset} on. */
    InputStream open(RepositoryName repository, Digest digest, long offset) throws RegistryException {
        Transport.Request request = Transport.Request.of("GET",
                transport.endpoint().resolve("/v2/" + repository + "/blobs/" + digest), Scope.pull(repository));
        if (offset > 0) {
            request = request.header("Range", "bytes=" + offset + "-");
        }
        HttpResponse<InputStream> response = transport.send(request);
        for (int hops = 0; isRedirect(response.statusCode()); hops++) {
            if (hops == MAX_REDIRECTS) {
                throw new RegistryException(registry() + ": too many redirects for blob " + digest);
            }
            URI target = Responses.location(registry(), response);
            Transport.drain(response);
            // the storage backend gets no registry credentials: a signed URL carries its own authorization
            Map<String, String> headers = offset > 0 ? Map.of("Range", "bytes=" + offset + "-") : Map.of();
            response = transport.sendPlain(target, headers, "GET blob " + digest.shortId() + " from " + target.getHost());
        }
        int status = response.statusCode();
        if (status == 206 && offset > 0) {
            return response.body();
        }
        if (status == 200) {
            InputStream body = response.body();
            skipFully(body, offset, digest);
            return body;
        }
        throw Responses.unexpected(registry(), "GET blob " + digest + " of " + repository, response);
    }

    String registry() {
        return transport.endpoint().name();
    }

    RetryPolicy policy() {
        return transport.policy();
    }

    RegistryObserver observer() {
        return transport.observer();
    }

    // a server that ignores Range sends everything again: drop what we already have
    private void skipFully(InputStream body, long offset, Digest digest) throws RegistryException {
        try {
            long remaining = offset;
            while (remaining > 0) {
                long skipped = body.skip(remaining);
                if (skipped <= 0) {
                    if (body.read() < 0) {
                        throw new RegistryUnavailableException(registry() + ": blob " + digest
                                + " ended before the resume offset " + offset);
                    }
                    skipped = 1;
                }
                remaining -= skipped;
            }
        } catch (IOException e) {
            throw new RegistryUnavailableException(registry() + ": connection dropped resuming blob " + digest, e);
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }
}
