package dev.slipway.sync.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * registry-sync's configuration (prefix {@code sync}). Upstream registries are keyed by the host name used in image
 * references: {@code sync.upstreams."docker.io".url=https://registry-1.docker.io}.
 */
@ConfigMapping(prefix = "sync")
public interface SyncConfig {

    /** Upstream registries by host name ({@code docker.io}); a host not listed is reached at {@code https://<host>}. */
    Map<String, Upstream> upstreams();

    /**
     * Overrides of upstream URLs as {@code host=url} entries, from {@code SLIPWAY_UPSTREAMS} (what
     * {@code ./slipway up --upstream docker.io=http://127.0.0.1:5001} passes); they win over {@link #upstreams()}.
     */
    Optional<List<String>> upstreamOverrides();

    /** The farm's own registry. */
    LayerStore layerStore();

    /** Retry and timeout limits for every registry. */
    Retry retry();

    /** Pull jobs and pull-through. */
    Pull pull();

    /** Job processing. */
    Jobs jobs();

    /** Mirror rules. */
    Mirror mirror();

    /** An upstream registry. */
    interface Upstream {

        /** The base URL of its {@code /v2/} API. */
        URI url();

        /** The login user, if the registry needs one (or grants more to logged-in users). */
        Optional<String> username();

        /** The password or access token for {@link #username()}. */
        Optional<String> password();

        /** Where its Docker Hub-style {@code /v1/search} API lives, if it has one. */
        Optional<URI> searchUrl();
    }

    /** The layer-store. */
    interface LayerStore {

        /** The base URL of its {@code /v2/} API (default in application.properties). */
        URI url();

        /**
         * The robot account registry-sync writes mirrored repositories as ({@code robot$registry-sync}); none =
         * anonymous (a layer-store without auth).
         */
        Optional<String> username();

        /**
         * The file holding its token ({@code $SLIPWAY_DATA/robots/registry-sync.token}), read each time a token is
         * fetched, so it may appear after the service started. Required with {@link #username()}.
         */
        Optional<Path> passwordFile();
    }

    /** Retry and timeout limits. */
    interface Retry {

        /** Attempts per request on network errors and 5xx. */
        @WithDefault("5")
        int maxAttempts();

        /** The first backoff; doubles per attempt, with jitter. */
        @WithDefault("500ms")
        Duration initialBackoff();

        /** The cap on one backoff. */
        @WithDefault("20s")
        Duration maxBackoff();

        /** The longest Retry-After of a 429 that is waited out; longer counts as unavailable. */
        @WithDefault("60s")
        Duration maxRetryAfter();

        /** New tokens per request after 401. */
        @WithDefault("3")
        int maxTokenRefreshes();

        /** Resumes of a blob download that drops. */
        @WithDefault("5")
        int maxBlobResumes();

        /** TCP connect timeout. */
        @WithDefault("10s")
        Duration connectTimeout();

        /** Time to wait for response headers. */
        @WithDefault("60s")
        Duration requestTimeout();
    }

    /** Pull behaviour. */
    interface Pull {

        /** Platforms kept when an index is pulled ({@code linux/amd64}); none = the whole index. */
        Optional<List<String>> platforms();

        /** Blobs copied at the same time within one image. */
        @WithDefault("4")
        int parallelBlobs();
    }

    /** Job processing. */
    interface Jobs {

        /** Jobs run at the same time by one instance. */
        @WithDefault("4")
        int concurrency();

        /** How often a running job reports that it is alive. */
        @WithDefault("5s")
        Duration heartbeatInterval();

        /** The name this instance reports in job events. */
        Optional<String> workerName();
    }

    /** Mirror rules. */
    interface Mirror {

        /** How often the scheduler looks for rules that are due. */
        @WithDefault("10s")
        Duration tick();
    }
}
