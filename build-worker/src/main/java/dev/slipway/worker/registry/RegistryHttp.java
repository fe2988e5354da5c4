package dev.slipway.worker.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.common.oci.RepositoryName;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The HTTP plumbing shared by the endpoint classes: URLs, sending, and decoding OCI error bodies. */
final class RegistryHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient client;

    RegistryHttp(URI base) {
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).version(HttpClient.Version.HTTP_1_1).build();
    }

    URI base() {
        return base;
    }

    /** {@code <base>/v2/<name>/<path>}. */
    URI uri(RepositoryName repo, String path) {
        return URI.create(base + "/v2/" + repo.value() + "/" + path);
    }

    /** A Location header, absolute or relative to the registry. */
    URI location(HttpResponse<?> r) throws RegistryException {
        String loc = r.headers().firstValue("Location")
                .orElseThrow(() -> new RegistryException("registry sent no Location header", r.statusCode(), null));
        return loc.startsWith("http://") || loc.startsWith("https://") ? URI.create(loc) : URI.create(base + loc);
    }

    <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws RegistryException {
        try {
            return client.send(request, handler);
        } catch (IOException e) {
            throw new RegistryException(request.method() + " " + request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(request.method() + " " + request.uri() + ": interrupted", e);
        }
    }

    /** An error from a response whose body is the OCI error JSON (or anything else). */
    static RegistryException error(String what, int status, byte[] body) {
        String code = null;
        String message = new String(body, StandardCharsets.UTF_8).strip();
        try {
            JsonNode n = JSON.readTree(body);
            JsonNode first = n == null ? null : n.path("errors").path(0);
            if (first != null && !first.isMissingNode()) {
                code = first.path("code").asText(null);
                message = code + ": " + first.path("message").asText("");
            }
        } catch (IOException notJson) {
            // keep the raw body as message
        }
        return new RegistryException(what + " failed with HTTP " + status + (message.isEmpty() ? "" : ": " + message),
                status, code);
    }

    static byte[] drain(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
