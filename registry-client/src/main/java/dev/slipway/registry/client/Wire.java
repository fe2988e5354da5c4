package dev.slipway.registry.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/**
 * One HTTP exchange over {@link HttpURLConnection}: blocking, keep-alive pooled by the JDK, and cheap per byte, which
 * matters because every blob streams through here twice (download and upload). Redirects are never followed
 * automatically (a redirect to blob storage must not carry the registry's credentials); the read timeout applies to
 * every read, so a stalled blob stream fails instead of hanging.
 */
final class Wire {

    /** A request body: bytes (replayable) or a stream of known length (sent once). */
    record Body(byte[] bytes, InputStream stream, long length) {

        static Body of(byte[] bytes) {
            return new Body(bytes, null, bytes.length);
        }

        static Body of(InputStream stream, long length) {
            return new Body(null, stream, length);
        }

        boolean replayable() {
            return stream == null;
        }
    }

    private static final int COPY_BUFFER = 256 * 1024;
    private static final HttpClient PATCH_CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private Wire() { }

    /**
     * Sends the request and returns the response with its body (the error body for 4xx/5xx, empty for HEAD). The
     * caller closes the body; reading it to the end returns the connection to the keep-alive pool.
     */
    static HttpResponse<InputStream> send(String method, URI uri, Map<String, String> headers, Body body,
            RetryPolicy policy) throws IOException {
        if ("PATCH".equals(method)) {
            return patch(uri, headers, body, policy);
        }
        URLConnection opened = uri.toURL().openConnection();
        if (!(opened instanceof HttpURLConnection conn)) {
            throw new IOException("not an http(s) URL: " + uri);
        }
        conn.setInstanceFollowRedirects(false);
        conn.setUseCaches(false);
        conn.setConnectTimeout((int) policy.connectTimeout().toMillis());
        conn.setReadTimeout((int) policy.requestTimeout().toMillis());
        conn.setRequestMethod(method);
        headers.forEach(conn::setRequestProperty);
        boolean sendsBody = body != null || "POST".equals(method) || "PUT".equals(method);
        if (sendsBody) {
            conn.setDoOutput(true);
            conn.setFixedLengthStreamingMode(body == null ? 0 : body.length());
            try (OutputStream out = conn.getOutputStream()) {
                if (body != null && body.bytes() != null) {
                    out.write(body.bytes());
                } else if (body != null) {
                    copy(body.stream(), out);
                }
            }
        }
        int status = conn.getResponseCode();
        InputStream in;
        if ("HEAD".equals(method)) {
            in = InputStream.nullInputStream();
        } else if (status >= 400) {
            InputStream error = conn.getErrorStream();
            in = error != null ? error : InputStream.nullInputStream();
        } else {
            in = conn.getInputStream();
        }
        return new Response(method, uri, status, headers(conn), in);
    }

    // HttpURLConnection refuses the PATCH method; chunks are small byte arrays, so the JDK HttpClient's cost is fine
    private static HttpResponse<InputStream> patch(URI uri, Map<String, String> headers, Body body, RetryPolicy policy)
            throws IOException {
        if (body == null || !body.replayable()) {
            throw new IllegalArgumentException("a PATCH carries one in-memory chunk");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(policy.requestTimeout())
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(body.bytes()));
        headers.forEach(request::header);
        try {
            return PATCH_CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted during PATCH " + uri.getRawPath());
        }
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[COPY_BUFFER];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
        }
    }

    private static HttpHeaders headers(HttpURLConnection conn) {
        Map<String, List<String>> map = new HashMap<>();
        conn.getHeaderFields().forEach((name, values) -> {
            if (name != null) { // the status line comes with a null name
                map.put(name, values);
            }
        });
        return HttpHeaders.of(map, (name, value) -> true);
    }

    /** The response as {@link HttpResponse}, so the protocol classes read it one way whatever the transport. */
    private record Response(String method, URI uri, int statusCode, HttpHeaders headers, InputStream body)
            implements HttpResponse<InputStream> {

        @Override
        public HttpRequest request() {
            return HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build();
        }

        @Override
        public Optional<HttpResponse<InputStream>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
