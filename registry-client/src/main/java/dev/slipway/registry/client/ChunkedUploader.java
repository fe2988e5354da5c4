package dev.slipway.registry.client;

import dev.slipway.common.oci.Descriptor;
import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.RepositoryName;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * A chunked upload: {@code POST} a session, one {@code PATCH} per chunk with its {@code Content-Range}, then a
 * {@code PUT ?digest=} without body. Each chunk is held in memory, so a chunk is retried on its own after a network
 * error, a {@code 5xx} or an expired token, where a monolithic upload would start over. The content is digested on the
 * way and the session is cancelled instead of completed when it does not match the descriptor.
 *
 * @see <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pushing-a-blob-in-chunks">
 *     OCI Distribution Spec: pushing a blob in chunks</a>
 */
final class ChunkedUploader {

    private final Transport transport;

    ChunkedUploader(Transport transport) {
        this.transport = transport;
    }

    void upload(RepositoryName repository, Descriptor blob, BlobSource source, int chunkBytes)
            throws RegistryException {
        if (chunkBytes < 1) {
            throw new IllegalArgumentException("chunk size must be positive, got " + chunkBytes);
        }
        String name = transport.endpoint().name();
        HttpResponse<InputStream> started = transport.send(Transport.Request.of("POST",
                transport.endpoint().resolve("/v2/" + repository + "/blobs/uploads/"), Scope.push(repository)));
        if (started.statusCode() != 202) {
            throw Responses.unexpected(name, "POST blob upload to " + repository, started);
        }
        URI location = Responses.location(name, started);
        Transport.drain(started);
        boolean completed = false;
        try (InputStream in = source.open()) {
            MessageDigest md = blob.digest().algorithm().newMessageDigest();
            long offset = 0;
            byte[] chunk;
            while ((chunk = in.readNBytes(chunkBytes)).length > 0) {
                md.update(chunk);
                // Content-Range is inclusive: bytes offset..offset+n-1
                HttpResponse<InputStream> patched = transport.send(Transport.Request.of("PATCH", location,
                                Scope.push(repository))
                        .header("Content-Type", "application/octet-stream")
                        .header("Content-Range", offset + "-" + (offset + chunk.length - 1))
                        .body(Wire.Body.of(chunk)));
                if (patched.statusCode() != 202) {
                    throw Responses.unexpected(name, "PATCH blob " + blob.digest() + " at byte " + offset, patched);
                }
                location = Responses.location(name, patched);
                Transport.drain(patched);
                offset += chunk.length;
                transport.observer().bytesPushed(name, chunk.length);
            }
            Digest actual = new Digest(blob.digest().algorithm(), HexFormat.of().formatHex(md.digest()));
            if (offset != blob.size() || !actual.equals(blob.digest())) {
                throw new RegistryException("the content uploaded for blob " + blob.digest() + " (" + blob.size()
                        + " bytes) to " + name + " was " + offset + " bytes with digest " + actual);
            }
            URI put = URI.create(location + (location.getRawQuery() == null ? "?" : "&") + "digest=" + blob.digest());
            HttpResponse<InputStream> done = transport.send(Transport.Request.of("PUT", put, Scope.push(repository))
                    .body(Wire.Body.of(new byte[0])));
            if (done.statusCode() != 201) {
                throw Responses.unexpected(name, "PUT blob " + blob.digest() + " to " + repository, done);
            }
            Transport.drain(done);
            completed = true;
        } catch (IOException e) {
            throw new RegistryException("cannot read blob " + blob.digest() + " for the upload to " + name + ": "
                    + e.getMessage(), e);
        } finally {
            if (!completed) {
                BlobPusher.cancel(transport, location, repository);
            }
        }
    }
}
