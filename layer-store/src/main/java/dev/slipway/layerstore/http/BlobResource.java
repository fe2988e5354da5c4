package dev.slipway.layerstore.http;

import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.layerstore.blob.BlobInfo;
import dev.slipway.layerstore.blob.BlobStore;
import dev.slipway.layerstore.error.ErrorCode;
import dev.slipway.layerstore.error.RegistryException;
import dev.slipway.layerstore.metrics.RegistryMetrics;
import dev.slipway.layerstore.repository.Repositories;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.PathPart;

/**
 * {@code HEAD|GET|DELETE /v2/<name>/blobs/<digest>}. Blobs are sent straight from their file (zero-copy where the
 * backend has one), whole or as one {@code Range}, never held in memory.
 */
@jakarta.ws.rs.Path("/v2")
public class BlobResource {

    private static final Pattern BYTES = Pattern.compile("^bytes=(\\d*)-(\\d*)$");

    private final Repositories repositories;
    private final BlobStore blobs;
    private final RegistryMetrics metrics;

    BlobResource(Repositories repositories, BlobStore blobs, RegistryMetrics metrics) {
        this.repositories = repositories;
        this.blobs = blobs;
        this.metrics = metrics;
    }

    /**
     * @param name   repository
     * @param digest blob digest
     * @return 200 with {@code Content-Length} and {@code Docker-Content-Digest}, or {@code BLOB_UNKNOWN}
     */
    @HEAD
    @jakarta.ws.rs.Path("{name: .+}/blobs/{digest: [^/]+}")
    public Response head(@PathParam("name") String name, @PathParam("digest") String digest) {
        BlobInfo blob = find(name, digest);
        Response.ResponseBuilder response = Response.ok();
        BlobHeaders.put(blob.digest(), blob.size(), response::header);
        return response.build();
    }

    /**
     * @param name   repository
     * @param digest blob digest
     * @param range  an optional single {@code bytes=} range
     * @return the blob (200), a part of it (206), 416 for a range outside it, or {@code BLOB_UNKNOWN}
     */
    @GET
    @jakarta.ws.rs.Path("{name: .+}/blobs/{digest: [^/]+}")
    public Response get(@PathParam("name") String name, @PathParam("digest") String digest,
            @HeaderParam("Range") String range) {
        BlobInfo blob = find(name, digest);
        long size = blob.size();
        long offset = 0;
        long length = size;
        boolean partial = false;
        if (range != null && !range.isBlank()) {
            Matcher matcher = BYTES.matcher(range.trim());
            if (matcher.matches() && !(matcher.group(1).isEmpty() && matcher.group(2).isEmpty())) {
                long[] span = span(matcher.group(1), matcher.group(2), size);
                if (span == null) {
                    return Response.status(416)
                            .header("Content-Range", "bytes */" + size)
                            .header("Docker-Content-Digest", blob.digest().toString())
                            .build();
                }
                offset = span[0];
                length = span[1] - span[0] + 1;
                partial = true;
            } // anything else (several ranges, other units) is ignored: the whole blob is a valid answer
        }
        Response.ResponseBuilder response = Response.status(partial ? 206 : 200);
        BlobHeaders.put(blob.digest(), length, response::header);
        if (partial) {
            response.header("Content-Range", "bytes " + offset + "-" + (offset + length - 1) + "/" + size);
        }
        metrics.served(length);
        Optional<Path> file = blobs.localFile(blob.digest());
        if (file.isPresent()) {
            return response.entity(new PathPart(file.get(), offset, length)).build();
        }
        long start = offset;
        long count = length;
        StreamingOutput stream = out -> {
            try (InputStream in = blobs.open(blob.digest(), start)) {
                byte[] buffer = new byte[1 << 16];
                long left = count;
                int read;
                while (left > 0 && (read = in.read(buffer, 0, (int) Math.min(buffer.length, left))) != -1) {
                    out.write(buffer, 0, read);
                    left -= read;
                }
            }
        };
        return response.entity(stream).build();
    }

    /**
     * Unlinks a blob from the repository; its bytes go when garbage collection finds nothing else needs them.
     *
     * @param name   repository
     * @param digest blob digest
     * @return 202, or {@code BLOB_UNKNOWN}
     */
    @DELETE
    @jakarta.ws.rs.Path("{name: .+}/blobs/{digest: [^/]+}")
    public Response delete(@PathParam("name") String name, @PathParam("digest") String digest) {
        RepositoryName repository = Requests.name(name);
        Digest parsed = Requests.digest(digest);
        if (!repositories.unlink(repository, parsed)) {
            throw new RegistryException(ErrorCode.BLOB_UNKNOWN, "blob " + parsed + " is not in " + repository);
        }
        return Response.accepted().header("Content-Length", 0).build();
    }

    private BlobInfo find(String name, String digest) {
        RepositoryName repository = Requests.name(name);
        Digest parsed = Requests.digest(digest);
        return repositories.linked(repository, parsed).orElseThrow(() -> new RegistryException(ErrorCode.BLOB_UNKNOWN,
                ErrorCode.BLOB_UNKNOWN.status(), "blob " + parsed + " is not in " + repository,
                java.util.Map.of("digest", parsed.toString())));
    }

    /** @return inclusive {start, end} of a satisfiable range, or null */
    private static long[] span(String first, String last, long size) {
        if (first.isEmpty()) { // suffix: the last N bytes
            long suffix = Long.parseLong(last);
            if (suffix == 0 || size == 0) {
                return null;
            }
            return new long[] {Math.max(0, size - suffix), size - 1};
        }
        long start = Long.parseLong(first);
        if (start >= size) {
            return null;
        }
        long end = last.isEmpty() ? size - 1 : Math.min(Long.parseLong(last), size - 1);
        return end < start ? null : new long[] {start, end};
    }
}
