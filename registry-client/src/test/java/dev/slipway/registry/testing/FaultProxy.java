package dev.slipway.registry.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An HTTP proxy in front of a real registry that injects the faults a test asks for: {@code 429 Too Many Requests} with
 * {@code Retry-After}, or a response that is cut off after some bytes (a connection drop mid-blob). Everything else is
 * passed through unchanged. Records when each request arrived.
 */
public final class FaultProxy implements AutoCloseable {

    /** One request as the proxy saw it. */
    public record Seen(Instant at, String method, String path, int status) { }

    private static final Set<String> HOP_HEADERS = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "date");

    private final HttpServer server;
    private final URI target;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile Predicate<String> rateLimited = p -> false;
    private final AtomicInteger rateLimitsLeft = new AtomicInteger();
    private volatile int retryAfterSeconds;
    private volatile Predicate<String> dropped = p -> false;
    private final AtomicInteger dropsLeft = new AtomicInteger();
    private volatile long dropAfterBytes;
    private volatile String rateLimitRemaining;

    private FaultProxy(URI target) throws IOException {
        this.target = target;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a proxy that forwards to {@code target} ({@code http://127.0.0.1:port}). */
    public static FaultProxy start(URI target) {
        try {
            return new FaultProxy(target);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>} of the proxy. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next {@code times} requests whose path matches get {@code 429} with {@code Retry-After: seconds}. */
    public void rateLimit(Predicate<String> path, int times, int seconds) {
        retryAfterSeconds = seconds;
        rateLimitsLeft.set(times);
        rateLimited = path;
    }

    /** The next {@code times} GETs whose path matches are cut off after {@code bytes} bytes of body. */
    public void dropAfter(Predicate<String> path, int times, long bytes) {
        dropAfterBytes = bytes;
        dropsLeft.set(times);
        dropped = path;
    }

    /** Adds Docker Hub's {@code ratelimit-limit: 100;w=21600} and {@code ratelimit-remaining: <n>;w=21600} headers. */
    public void advertiseRateLimit(int remaining) {
        rateLimitRemaining = remaining + ";w=21600";
    }

    /** Every request so far. */
    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        try (exchange) {
            if (rateLimitRemaining != null) {
                exchange.getResponseHeaders().add("ratelimit-limit", "100;w=21600");
                exchange.getResponseHeaders().add("ratelimit-remaining", rateLimitRemaining);
            }
            if (rateLimited.test(path) && rateLimitsLeft.getAndDecrement() > 0) {
                seen.add(new Seen(Instant.now(), method, path, 429));
                exchange.getResponseHeaders().add("Retry-After", Integer.toString(retryAfterSeconds));
                exchange.sendResponseHeaders(429, -1);
                return;
            }
            String query = exchange.getRequestURI().getRawQuery();
            HttpRequest.Builder forward = HttpRequest.newBuilder(
                    URI.create(target + path + (query == null ? "" : "?" + query)));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(v -> forward.header(name, v));
                }
            });
            byte[] body = exchange.getRequestBody().readAllBytes();
            forward.method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
            HttpResponse<InputStream> response = http.send(forward.build(), HttpResponse.BodyHandlers.ofInputStream());
            seen.add(new Seen(Instant.now(), method, path, response.statusCode()));
            response.headers().map().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(v -> exchange.getResponseHeaders().add(name,
                            v.replace(target.toString(), uri().toString())));
                }
            });
            long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            try (InputStream in = response.body()) {
                if ("HEAD".equals(method) || length == 0) {
                    exchange.sendResponseHeaders(response.statusCode(), -1);
                    return;
                }
                exchange.sendResponseHeaders(response.statusCode(), Math.max(length, 0));
                OutputStream out = exchange.getResponseBody();
                if ("GET".equals(method) && dropped.test(path) && response.statusCode() / 100 == 2
                        && dropsLeft.getAndDecrement() > 0) {
                    out.write(in.readNBytes((int) dropAfterBytes));
                    out.flush();
                    // closing with fewer bytes than announced makes the server drop the connection
                    return;
                }
                in.transferTo(out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away or the connection was cut on purpose
        }
    }
}
