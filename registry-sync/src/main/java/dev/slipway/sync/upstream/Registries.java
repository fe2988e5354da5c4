package dev.slipway.sync.upstream;

import dev.slipway.common.oci.ImageReference;
import dev.slipway.registry.client.Credentials;
import dev.slipway.registry.client.CredentialsProvider;
import dev.slipway.registry.client.RegistryClient;
import dev.slipway.registry.client.RegistryEndpoint;
import dev.slipway.registry.client.RetryPolicy;
import dev.slipway.sync.config.SyncConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry clients of this service: one per upstream host, created on first use, and one for the layer-store.
 * Upstream URLs come from {@code sync.upstreams.<host>.url}, overridden by {@code sync.upstream-overrides}
 * ({@code SLIPWAY_UPSTREAMS}); an unconfigured host is reached at {@code https://<host>}.
 */
@Startup // a bad upstream override fails the start, not the first job
@ApplicationScoped
public class Registries {

    private final SyncConfig config;
    private final SyncMetrics metrics;
    private final RetryPolicy policy;
    private final HttpClient http;
    private final Map<String, URI> overrides;
    private final Map<String, RegistryClient> upstreams = new ConcurrentHashMap<>();
    private final RegistryClient layerStore;

    Registries(SyncConfig config, SyncMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        SyncConfig.Retry r = config.retry();
        this.policy = new RetryPolicy(r.maxAttempts(), r.initialBackoff(), r.maxBackoff(), r.maxRetryAfter(),
                r.maxTokenRefreshes(), r.maxBlobResumes(), r.connectTimeout(), r.requestTimeout());
        this.http = HttpClient.newBuilder().connectTimeout(policy.connectTimeout()).build();
        this.overrides = parseOverrides(config.upstreamOverrides().orElse(List.of()));
        SyncConfig.LayerStore store = config.layerStore();
        this.layerStore = new RegistryClient(new RegistryEndpoint("layer-store", store.url(), layerStoreLogin(store)),
                policy, metrics);
    }

    /** The client for an image's registry. */
    public RegistryClient upstream(ImageReference image) {
        return upstream(image.registry());
    }

    /**
     * The client for a registry host as it appears in image references.
     *
     * @throws IllegalArgumentException if the configured URL is not acceptable (plain http to a non-loopback host)
     */
    public RegistryClient upstream(String host) {
        return upstreams.computeIfAbsent(host, this::create);
    }

    /** The client for the farm's layer-store. */
    public RegistryClient layerStore() {
        return layerStore;
    }

    /** Where the Docker Hub-style search API of a host lives, if configured. */
    public Optional<URI> searchUrl(String host) {
        return Optional.ofNullable(config.upstreams().get(host)).flatMap(SyncConfig.Upstream::searchUrl);
    }

    /** The HTTP client for non-registry APIs of upstreams (search). */
    public HttpClient http() {
        return http;
    }

    private RegistryClient create(String host) {
        SyncConfig.Upstream configured = config.upstreams().get(host);
        URI url = overrides.get(host);
        if (url == null) {
            url = configured != null ? configured.url() : URI.create(defaultScheme(host) + "://" + host);
        }
        Credentials login = configured == null ? null : credentials(configured.username(), configured.password());
        return new RegistryClient(RegistryEndpoint.upstream(host, url, CredentialsProvider.fixed(login)), policy,
                metrics);
    }

    // docker's own rule: registries on localhost are spoken to over plain http
    private static String defaultScheme(String host) {
        return host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https";
    }

    // the robot's token is read from its file at each token fetch: the gateway may write it after we started
    private static CredentialsProvider layerStoreLogin(SyncConfig.LayerStore store) {
        if (store.username().isEmpty()) {
            return CredentialsProvider.ANONYMOUS;
        }
        Path file = store.passwordFile().orElseThrow(() -> new IllegalArgumentException(
                "sync.layer-store.username is set but sync.layer-store.password-file is not"));
        return CredentialsProvider.passwordFile(store.username().get(), file);
    }

    private static Credentials credentials(Optional<String> username, Optional<String> password) {
        return username.map(u -> new Credentials(u, password.orElse(""))).orElse(null);
    }

    static Map<String, URI> parseOverrides(List<String> entries) {
        Map<String, URI> result = new HashMap<>();
        for (String entry : entries) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq <= 0 || eq == trimmed.length() - 1) {
                throw new IllegalArgumentException("invalid upstream override \"" + trimmed
                        + "\": expected host=url, e.g. docker.io=http://127.0.0.1:5001");
            }
            result.put(trimmed.substring(0, eq).trim(), URI.create(trimmed.substring(eq + 1).trim()));
        }
        return Map.copyOf(result);
    }
}
