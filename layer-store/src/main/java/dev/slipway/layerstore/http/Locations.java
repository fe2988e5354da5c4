package dev.slipway.layerstore.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** The URLs and range values the registry hands to clients. */
final class Locations {

    private Locations() {
    }

    /** @return {@code /v2/<name>/blobs/uploads/<id>} */
    static String upload(String repository, UUID session) {
        return "/v2/" + repository + "/blobs/uploads/" + session;
    }

    /** @return {@code /v2/<name>/blobs/<digest>} */
    static String blob(String repository, Object digest) {
        return "/v2/" + repository + "/blobs/" + digest;
    }

    /** @return {@code /v2/<name>/manifests/<digest>} */
    static String manifest(String repository, Object digest) {
        return "/v2/" + repository + "/manifests/" + digest;
    }

    /**
     * The upload {@code Range} header: inclusive offsets of the bytes received ({@code 0-0} before any, as
     * Distribution answers).
     */
    static String range(long received) {
        return "0-" + Math.max(0, received - 1);
    }

    /** @return a {@code Link} header value to the next page of a listing */
    static String next(String path, int n, String last) {
        return "<" + path + "?n=" + n + "&last=" + URLEncoder.encode(last, StandardCharsets.UTF_8) + ">; rel=\"next\"";
    }
}
