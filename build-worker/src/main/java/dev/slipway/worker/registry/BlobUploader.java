package dev.slipway.worker.registry;

import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.RepositoryName;
import java.io.FileNotFoundException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

/** Monolithic upload: POST an upload session, then PUT the whole blob with its digest; and cross-repo mounts. */
final class BlobUploader {

    private final RegistryHttp http;

    BlobUploader(RegistryHttp http) {
        this.http = http;
    }

    void upload(RepositoryName repo, Digest digest, HttpRequest.BodyPublisher body) throws RegistryException {
        // POST /v2/<name>/blobs/uploads/
        HttpResponse<byte[]> start = http.send(HttpRequest.newBuilder(http.uri(repo, "blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (start.statusCode() != 202) {
            throw RegistryHttp.error("starting upload of " + digest + " to " + repo.value(), start.statusCode(), start.body());
        }
        URI location = http.location(start);
        String sep = location.getQuery() == null ? "?" : "&";
        // PUT <Location>?digest=<digest> with the blob
        HttpResponse<byte[]> put = http.send(HttpRequest.newBuilder(URI.create(location + sep + "digest=" + digest))
                .header("Content-Type", "application/octet-stream").PUT(body).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (put.statusCode() != 201) {
            throw RegistryHttp.error("uploading " + digest + " to " + repo.value(), put.statusCode(), put.body());
        }
    }

    void upload(RepositoryName repo, Digest digest, Path file) throws RegistryException {
        try {
            upload(repo, digest, HttpRequest.BodyPublishers.ofFile(file));
        } catch (FileNotFoundException e) {
            throw new RegistryException("blob file " + file + " is missing", e);
        }
    }

    /** POST /v2/&lt;name&gt;/blobs/uploads/?mount=&lt;digest&gt;&amp;from=&lt;repo&gt;: true when mounted (201). */
    boolean mount(RepositoryName repo, Digest digest, RepositoryName from) throws RegistryException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(http.uri(repo, "blobs/uploads/?mount=" + digest
                + "&from=" + from.value())).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 201) {
            return true;
        }
        if (r.statusCode() == 202) {
            // The registry opened a plain upload instead; it is abandoned and the caller uploads.
            return false;
        }
        throw RegistryHttp.error("mounting " + digest + " into " + repo.value(), r.statusCode(), r.body());
    }
}
