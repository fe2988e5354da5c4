package dev.slipway.sync.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves Docker Hub's {@code GET /v1/search?q=&n=} response format from a fixed list of repositories (the Hub itself
 * is unreachable from the test machines).
 */
public final class SearchFixture implements AutoCloseable {

    /** One search hit as the Hub describes it. */
    public record Entry(String name, String description, int stars, boolean official, boolean automated) { }

    /** What the fixture knows, in the order the Hub would rank it. */
    public static final List<Entry> ENTRIES = List.of(
            new Entry("training/sinatra", "Sinatra training image", 42, false, true),
            new Entry("someone/sinatra-app", "", 0, false, false),
            new Entry("centos", "The official build of CentOS.", 7000, true, false));

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    private SearchFixture() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/search", this::search);
        server.start();
    }

    /** Starts the fixture on a free loopback port. */
    public static SearchFixture start() throws IOException {
        return new SearchFixture();
    }

    /** Its base URL (what {@code search-url} points to). */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Requests served so far. */
    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void search(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        String q = "";
        int n = 25;
        String query = exchange.getRequestURI().getRawQuery();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            String[] kv = pair.split("=", 2);
            String value = kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "";
            if (kv[0].equals("q")) {
                q = value.toLowerCase(Locale.ROOT);
            } else if (kv[0].equals("n")) {
                n = Integer.parseInt(value);
            }
        }
        String term = q;
        List<Entry> hits = ENTRIES.stream().filter(e -> e.name().contains(term)).limit(n).toList();
        ObjectNode body = JSON.createObjectNode().put("num_pages", 1).put("num_results", hits.size())
                .put("page", 1).put("page_size", n).put("query", q);
        ArrayNode results = body.putArray("results");
        for (Entry e : hits) {
            results.addObject().put("name", e.name()).put("description", e.description())
                    .put("star_count", e.stars()).put("is_official", e.official()).put("is_automated", e.automated());
        }
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
