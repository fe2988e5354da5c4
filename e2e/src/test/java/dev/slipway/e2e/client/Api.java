package dev.slipway.e2e.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** The gateway's {@code /api/v1} as one user (one bearer token) sees it. */
public final class Api {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Supplier<URI> gateway;
    private final String token;

    /**
     * @param gateway the gateway's base URL (asked on every call, so a restarted gateway is found)
     * @param token   the user's API token
     */
    public Api(Supplier<URI> gateway, String token) {
        this.gateway = gateway;
        this.token = token;
    }

    /** @return the token this client sends */
    public String token() {
        return token;
    }

    /** @return the gateway's base URL */
    public URI gatewayUrl() {
        return gateway.get();
    }

    /** GET a path (with query) under the gateway, accepting JSON. */
    public ApiResponse get(String path) {
        return get(path, "application/json");
    }

    /** GET a path under the gateway, accepting the given media type (e.g. {@code text/plain} for job logs). */
    public ApiResponse get(String path, String accept) {
        return send(request(path).setHeader("Accept", accept).GET());
    }

    /** DELETE a path under the gateway. */
    public ApiResponse delete(String path) {
        return send(request(path).DELETE());
    }

    /** POST a JSON body. */
    public ApiResponse postJson(String path, JsonNode body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** POST raw bytes (a build context). */
    public ApiResponse postBytes(String path, String contentType, byte[] body) {
        return send(request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** @return an empty JSON object to fill in */
    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /**
     * Creates a user with a first token (an administrator's call).
     *
     * @return the new user's token
     */
    public String createUser(String name) {
        ApiResponse created = postJson("/api/v1/users", object().put("name", name)).expect(201);
        return created.json().path("token").asText();
    }

    /**
     * Submits a build: {@code POST /api/v1/builds?t=…} with an uncompressed context tar.
     *
     * @return the accepted job's id
     */
    public String submitBuild(byte[] contextTar, String... tags) {
        StringBuilder query = new StringBuilder();
        for (String tag : tags) {
            query.append(query.isEmpty() ? "?" : "&").append("t=").append(URLEncoder.encode(tag, StandardCharsets.UTF_8));
        }
        return postBytes("/api/v1/builds" + query, "application/x-tar", contextTar).expect(202).json().path("id").asText();
    }

    /** @return {@code GET /api/v1/jobs/{id}} */
    public JsonNode job(String id) {
        return get("/api/v1/jobs/" + id).expect(200).json();
    }

    /**
     * Polls a job until it is SUCCEEDED, FAILED or CANCELLED.
     *
     * @return the job in its final state
     */
    public JsonNode awaitTerminal(String id, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode job = null;
        while (Instant.now().isBefore(deadline)) {
            ApiResponse response = get("/api/v1/jobs/" + id);
            if (response.status() == 200) {
                job = response.json();
                if (TERMINAL.contains(job.path("state").asText())) {
                    return job;
                }
            }
            pause(Duration.ofMillis(500));
        }
        throw new AssertionError("job " + id + " did not finish within " + timeout.toSeconds() + " s; last: " + job);
    }

    /** @return every image row of {@code GET /api/v1/images?reference=…} */
    public List<JsonNode> images(String reference) {
        JsonNode rows = get("/api/v1/images?reference=" + URLEncoder.encode(reference, StandardCharsets.UTF_8))
                .expect(200).json();
        List<JsonNode> list = new ArrayList<>();
        rows.forEach(list::add);
        return list;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(gateway.get().resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
    }

    private ApiResponse send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new ApiResponse(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("gateway at " + gateway.get() + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
