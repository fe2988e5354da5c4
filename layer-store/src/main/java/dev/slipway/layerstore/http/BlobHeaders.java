package dev.slipway.layerstore.http;

import dev.slipway.common.oci.Digest;
import java.util.function.BiConsumer;

/**
 * The headers of every answer that carries a blob's bytes ({@code GET}, whole or ranged) or describes them
 * ({@code HEAD}), in one place for the JAX-RS resource and the event-loop route alike, so the two cannot drift apart.
 */
final class BlobHeaders {

    private BlobHeaders() {
    }

    /**
     * @param digest the blob
     * @param length the bytes this answer carries (the whole blob, or the range)
     * @param header receives each header name and value
     */
    static void put(Digest digest, long length, BiConsumer<String, String> header) {
        header.accept("Content-Type", "application/octet-stream");
        header.accept("Docker-Content-Digest", digest.toString());
        header.accept("Accept-Ranges", "bytes");
        header.accept("ETag", "\"" + digest + "\"");
        header.accept("Content-Length", Long.toString(length));
    }
}
