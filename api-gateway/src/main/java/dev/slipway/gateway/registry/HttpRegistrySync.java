package dev.slipway.gateway.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** {@link RegistrySync} over HTTP: {@code GET <registry-sync>/api/v1/search?q=&limit=}. */
@ApplicationScoped
class HttpRegistrySync implements RegistrySync {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    HttpRegistrySync(GatewayConfig config) {
        this.base = config.registrySyncUrl();
    }

    @Override
    public JsonNode search(String query, int limit) {
        URI uri = base.resolve("/api/v1/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&limit=" + limit);
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET()
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new RegistrySyncException("registry-sync answered HTTP " + response.statusCode() + " to search", null);
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new RegistrySyncException("registry-sync at " + base + " unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistrySyncException("interrupted while searching", e);
        }
    }
}
