package dev.slipway.worker.registry;

import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.DigestingInputStream;
import dev.slipway.common.oci.RepositoryName;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** GET /v2/&lt;name&gt;/blobs/&lt;digest&gt;, verified against the digest while streaming. */
final class BlobPuller {

    private final RegistryHttp http;

    BlobPuller(RegistryHttp http) {
        this.http = http;
    }

    /** Downloads into {@code dest} atomically; the file appears only when the digest matched. */
    void pull(RepositoryName repo, Digest digest, Path dest) throws IOException {
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(http.uri(repo, "blobs/" + digest)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            throw RegistryHttp.error("GET blob " + digest + " from " + repo.value(), r.statusCode(), RegistryHttp.drain(r.body()));
        }
        Path tmp = Files.createTempFile(dest.getParent(), ".blob-", ".part");
        try {
            DigestingInputStream in = new DigestingInputStream(r.body(), digest.algorithm());
            try (in; OutputStream out = Files.newOutputStream(tmp)) {
                in.transferTo(out);
            }
            if (!in.digest().equals(digest)) {
                throw new RegistryException("blob " + digest + " from " + repo.value() + " has digest " + in.digest(), 0, "DIGEST_INVALID");
            }
            Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    byte[] pullBytes(RepositoryName repo, Digest digest) throws IOException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(http.uri(repo, "blobs/" + digest)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw RegistryHttp.error("GET blob " + digest + " from " + repo.value(), r.statusCode(), r.body());
        }
        Digest actual = Digest.of(digest.algorithm(), r.body());
        if (!actual.equals(digest)) {
            throw new RegistryException("blob " + digest + " from " + repo.value() + " has digest " + actual, 0, "DIGEST_INVALID");
        }
        return r.body();
    }
}
