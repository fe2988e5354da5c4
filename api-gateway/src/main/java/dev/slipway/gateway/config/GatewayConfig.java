package dev.slipway.gateway.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The gateway's settings (prefix {@code gateway}); every default is declared here and nowhere else.
 */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** Base URL of the layer-store (OCI /v2 API and its /api/v1/images listing). */
    @WithDefault("http://127.0.0.1:5000")
    URI layerStoreUrl();

    /** Base URL of registry-sync (search). */
    @WithDefault("http://127.0.0.1:8082")
    URI registrySyncUrl();

    /** The data folder; the bootstrap admin token is written to {@code <data-dir>/admin-token}. */
    @WithDefault("${SLIPWAY_DATA:.slipway}")
    Path dataDir();

    /** Job lifecycle settings. */
    Jobs jobs();

    /** Outbox relay settings. */
    Outbox outbox();

    /** Job lifecycle: context size, reassignment and expiry. */
    interface Jobs {
        /** Largest build context accepted (bytes after upload, compressed or not). */
        @WithDefault("512M")
        MemorySize maxContextSize();

        /** A RUNNING job whose worker has been silent this long is published again as a new attempt. */
        @WithDefault("30s")
        Duration heartbeatTimeout();

        /** Attempts before a job whose workers keep disappearing ends FAILED. */
        @WithDefault("3")
        int maxAttempts();

        /** A job still QUEUED after this long ends FAILED with reason {@code expired}. */
        @WithDefault("24h")
        Duration queueTtl();

        /** How often the watchdog looks for silent and expired jobs. */
        @WithDefault("2s")
        Duration watchdogInterval();

        /** Page size of {@code GET /api/v1/jobs} when the client gives none. */
        @WithDefault("50")
        int defaultPageSize();
    }

    /** Outbox relay. */
    interface Outbox {
        /** Rows claimed and published per round trip. */
        @WithDefault("500")
        int batchSize();

        /** Upper bound of the relay's wait when nobody signals new rows (covers other gateway instances). */
        @WithDefault("250ms")
        Duration pollInterval();
    }
}
