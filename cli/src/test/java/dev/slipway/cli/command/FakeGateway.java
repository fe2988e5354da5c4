package dev.slipway.cli.command;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server on loopback standing in for the gateway in the CLI's tests: answers the routes a test sets up
 * (JSON, problem+json, an SSE transcript) and records every request. Unknown routes answer a problem+json 404.
 */
final class FakeGateway implements AutoCloseable {

    /** A request as received. */
    record Request(String method, String uri, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private record Answer(int status, String contentType, byte[] body) {
    }

    private static final String RESUMED = " resumed";

    private final HttpServer server;
    private final Map<String, Answer> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Answer fallback;

    private FakeGateway(HttpServer server) {
        this.server = server;
    }

    static FakeGateway start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        FakeGateway gateway = new FakeGateway(server);
        server.createContext("/", gateway::handle);
        server.start();
        return gateway;
    }

    /** @return a loopback URL where nothing listens: the "gateway down" case */
    static String closedPortUrl() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void json(String method, String path, int status, String json) {
        routes.put(method + " " + path, new Answer(status, "application/json", json.getBytes(StandardCharsets.UTF_8)));
    }

    void text(String method, String path, String text) {
        routes.put(method + " " + path, new Answer(200, "text/plain", text.getBytes(StandardCharsets.UTF_8)));
    }

    void problem(String method, String path, int status, String code, String detail) {
        routes.put(method + " " + path, new Answer(status, "application/problem+json", problemJson(status, code, detail)));
    }

    private static byte[] problemJson(int status, String code, String detail) {
        return ("{\"type\":\"https://slipway.dev/problems/" + code + "\",\"title\":\"" + code + "\",\"status\":"
                + status + ",\"detail\":\"" + detail + "\",\"code\":\"" + code + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** Every request no route matches gets this problem+json answer (instead of a 404 {@code not-found}). */
    void fallback(int status, String code, String detail) {
        fallback = new Answer(status, "application/problem+json", problemJson(status, code, detail));
    }

    void events(String jobId, String sse) {
        routes.put("GET /api/v1/jobs/" + jobId + "/events", new Answer(200, "text/event-stream",
                sse.getBytes(StandardCharsets.UTF_8)));
    }

    /** The first connection gets {@code first}; a reconnect with {@code Last-Event-ID} gets {@code afterResume}. */
    void resumableEvents(String jobId, String first, String afterResume) {
        events(jobId, first);
        routes.put("GET /api/v1/jobs/" + jobId + "/events" + RESUMED, new Answer(200, "text/event-stream",
                afterResume.getBytes(StandardCharsets.UTF_8)));
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    Request last(String method, String pathPrefix) {
        return requests.stream().filter(r -> r.method().equals(method) && r.uri().startsWith(pathPrefix))
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no " + method + " " + pathPrefix
                        + " among " + requests));
    }

    void reset() {
        routes.clear();
        requests.clear();
        fallback = null;
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                Map.copyOf(exchange.getRequestHeaders()), body));
        String route = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
        Answer answer = exchange.getRequestHeaders().containsKey("Last-Event-ID") && routes.containsKey(route + RESUMED)
                ? routes.get(route + RESUMED) : routes.get(route);
        if (answer == null && fallback != null) {
            answer = fallback;
        }
        if (answer == null) {
            answer = new Answer(404, "application/problem+json", ("{\"title\":\"Not found\",\"status\":404,"
                    + "\"detail\":\"no route " + exchange.getRequestURI().getPath() + "\",\"code\":\"not-found\"}")
                    .getBytes(StandardCharsets.UTF_8));
        }
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer.body());
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
