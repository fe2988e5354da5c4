package dev.slipway.worker.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.ImageReference;
import dev.slipway.common.oci.RepositoryName;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The worker's client of registry-sync's pull-through: {@code POST <registry-sync>/internal/v1/ensure
 * {"image":"<reference>"}} answers once the image is in the layer-store, with the repository and digest to read it
 * from. Thread-safe.
 */
public final class PullThrough {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final URI ensure;
    private final Duration timeout;
    private final HttpClient client;

    /**
     * @param base registry-sync's base URL, e.g. {@code http://127.0.0.1:8082}
     * @param timeout the longest one pull may take (a large image from a slow upstream takes minutes)
     */
    public PullThrough(URI base, Duration timeout) {
        String s = base.toString();
        this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        this.ensure = URI.create(this.base + "/internal/v1/ensure");
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /**
     * Asks registry-sync to make {@code image} available in the layer-store.
     *
     * @return where the layer-store now holds it
     * @throws PullThroughException when registry-sync is unreachable, does not find the image, or fails; the message
     *     is the reason a user reads after {@code base image not found: <ref>: }
     */
    public Ensured ensure(ImageReference image) throws PullThroughException {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(ensure).timeout(timeout)
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(Map.of("image", image.toString()))))
                    .build();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode an ensure request", e);
        }
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new PullThroughException("registry-sync at " + base + " is unreachable ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PullThroughException("interrupted while registry-sync pulled it");
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() != 200) {
            throw new PullThroughException(problem(response.statusCode(), body, response.body()));
        }
        try {
            return new Ensured(RepositoryName.parse(body.path("repository").asText("")),
                    Digest.parse(body.path("digest").asText("")), body.path("outcome").asText(""));
        } catch (IllegalArgumentException e) {
            throw new PullThroughException("registry-sync sent an unusable answer: " + e.getMessage());
        }
    }

    /** The problem detail of an error answer: {@code image-not-found: <detail>}. */
    private static String problem(int status, JsonNode body, byte[] raw) {
        String code = body.path("code").asText("");
        String detail = body.path("detail").asText("");
        if (code.isEmpty() && detail.isEmpty()) {
            String text = new String(raw, StandardCharsets.UTF_8).strip();
            return "registry-sync answered HTTP " + status + (text.isEmpty() ? "" : ": " + text);
        }
        if (status == 404) {
            return code + ": " + detail;
        }
        return "registry-sync answered HTTP " + status + " " + code + (detail.isEmpty() ? "" : ": " + detail);
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode n = JSON.readTree(body);
            return n == null ? JSON.createObjectNode() : n;
        } catch (IOException notJson) {
            return JSON.createObjectNode();
        }
    }

    /**
     * Where the layer-store holds a pulled-through image.
     *
     * @param repository the layer-store repository
     * @param digest the manifest (or index) digest to read
     * @param outcome registry-sync's {@code DOWNLOADED}, {@code UP_TO_DATE} or {@code STALE}
     */
    public record Ensured(RepositoryName repository, Digest digest, String outcome) {
    }
}
