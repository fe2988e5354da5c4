package dev.slipway.worker.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback stand-in for registry-sync's {@code POST /internal/v1/ensure}, answering as registry-sync does
 * ({@code dev.slipway.sync.ensure.EnsureResource}): 200 with {@code {image, repository, digest, outcome, mirroredAt}}
 * after running the image's mirror action, 404 problem+json {@code image-not-found} for images it does not know.
 */
public final class RegistrySyncStub implements AutoCloseable {

    /** What the stub does for one image: mirror it into the layer-store and say where. */
    @FunctionalInterface
    public interface Mirror {
        /** @return {@code {repository, digest}} of the mirrored image */
        Map<String, String> mirror() throws Exception;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, Mirror> images = new ConcurrentHashMap<>();
    private final List<String> requested = Collections.synchronizedList(new ArrayList<>());

    public RegistrySyncStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/internal/v1/ensure", this::ensure);
        server.start();
    }

    /** Makes {@code image} (normalised, e.g. {@code quay.io/team/tool:1}) known upstream. */
    public void upstream(String image, Mirror mirror) {
        images.put(image, mirror);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The {@code image} of every request, in order. */
    public List<String> requested() {
        return List.copyOf(requested);
    }

    private void ensure(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"POST".equals(ex.getRequestMethod())) {
                send(ex, 405, "application/problem+json", problem(405, "method-not-allowed", "POST only"));
                return;
            }
            JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
            String image = body.path("image").asText();
            requested.add(image);
            Mirror m = images.get(image);
            if (m == null) {
                send(ex, 404, "application/problem+json", problem(404, "image-not-found",
                        image + ": not found upstream and not mirrored: manifest unknown"));
                return;
            }
            Map<String, String> where = m.mirror();
            byte[] answer = JSON.writeValueAsBytes(Map.of("image", image, "repository", where.get("repository"),
                    "digest", where.get("digest"), "outcome", "DOWNLOADED", "mirroredAt", "2026-01-01T00:00:00Z"));
            send(ex, 200, "application/json", answer);
        } catch (Exception e) {
            send(ex, 500, "text/plain", e.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static byte[] problem(int status, String code, String detail) throws IOException {
        return JSON.writeValueAsBytes(Map.of("type", "about:blank", "title", "Not Found", "status", status, "code", code,
                "detail", detail));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
