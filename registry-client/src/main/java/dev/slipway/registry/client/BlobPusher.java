package dev.slipway.registry.client;

import dev.slipway.common.oci.Descriptor;
import dev.slipway.common.oci.RepositoryName;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Puts a blob into a repository: a cross-repository mount when a source repository is known (no bytes move), else a
 * monolithic upload streamed from the source with its exact length.
 */
final class BlobPusher {

    private final Transport transport;

    BlobPusher(Transport transport) {
        this.transport = transport;
    }

    RegistryClient.BlobPush push(RepositoryName repository, Descriptor blob, Optional<RepositoryName> mountFrom,
            BlobSource source) throws RegistryException {
        String name = transport.endpoint().name();
        // POST /v2/<name>/blobs/uploads/?mount=<digest>&from=<repository>
        String path = "/v2/" + repository + "/blobs/uploads/";
        if (mountFrom.isPresent() && !mountFrom.get().equals(repository)) {
            path += "?mount=" + blob.digest() + "&from=" + URLEncoder.encode(mountFrom.get().value(), StandardCharsets.UTF_8);
        }
        Scope scope = mountFrom.map(from -> Scope.mount(repository, from)).orElse(Scope.push(repository));
        HttpResponse<InputStream> started = transport.send(
                Transport.Request.of("POST", transport.endpoint().resolve(path), scope));
        if (started.statusCode() == 201) {
            Transport.drain(started);
            return RegistryClient.BlobPush.MOUNTED;
        }
        if (started.statusCode() != 202) {
            throw Responses.unexpected(name, "POST blob upload to " + repository, started);
        }
        URI location = Responses.location(name, started);
        Transport.drain(started);
        // PUT <Location>&digest=<digest> with the whole blob as the body
        URI put = URI.create(location + (location.getRawQuery() == null ? "?" : "&") + "digest=" + blob.digest());
        InputStream content;
        try {
            content = source.open();
        } catch (IOException e) {
            cancel(transport, location, repository);
            throw new RegistryException("cannot read blob " + blob.digest() + " for the upload to " + name + ": "
                    + e.getMessage(), e);
        }
        HttpResponse<InputStream> done;
        try (InputStream in = new CountingInputStream(content, n -> transport.observer().bytesPushed(name, n))) {
            done = transport.send(Transport.Request.of("PUT", put, Scope.push(repository))
                    .header("Content-Type", "application/octet-stream")
                    .body(Wire.Body.of(in, blob.size())));
        } catch (RegistryUnavailableException e) {
            cancel(transport, location, repository);
            Optional<BlobVerificationException> bad = causeOf(e, BlobVerificationException.class);
            if (bad.isPresent()) {
                throw new RegistryException(bad.get().getMessage());
            }
            Optional<IOException> sourceFailure = causeOf(e.getCause(), IOException.class);
            throw new RegistryUnavailableException("upload of blob " + blob.digest() + " to " + name + " failed: "
                    + sourceFailure.map(Throwable::getMessage).orElse(e.getMessage()), e);
        } catch (IOException closing) {
            throw new RegistryException("closing the source of blob " + blob.digest() + " failed", closing);
        }
        if (done.statusCode() != 201) {
            throw Responses.unexpected(name, "PUT blob " + blob.digest() + " to " + repository, done);
        }
        Transport.drain(done);
        return RegistryClient.BlobPush.UPLOADED;
    }

    // DELETE <Location>: best effort, so an aborted upload does not linger until the registry's upload purge
    static void cancel(Transport transport, URI location, RepositoryName repository) {
        try {
            Transport.drain(transport.send(Transport.Request.of("DELETE", location, Scope.push(repository))));
        } catch (RegistryException e) {
            // the registry purges stale uploads itself
        }
    }

    private static <T extends Throwable> Optional<T> causeOf(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }
}
