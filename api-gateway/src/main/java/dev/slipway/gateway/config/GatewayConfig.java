package dev.slipway.gateway.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

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

    /** Registry token service settings ({@code gateway.auth.*}). */
    Auth auth();

    /** The registry token service: who issues tokens for which registry, for how long, signed by which keys. */
    interface Auth {
        /** The {@code iss} claim; the layer-store checks it ({@code layerstore.auth.issuer}). */
        @WithDefault("slipway")
        String issuer();

        /** The registry's service name: the only {@code service} accepted and the tokens' {@code aud}. */
        @WithDefault("slipway-registry")
        String service();

        /** Lifetime of an issued registry token ({@code expires_in}). */
        @WithDefault("5m")
        Duration tokenLifetime();

        /** Where the RSA signing keys live (0600 files); created on first start. */
        @WithDefault("${gateway.data-dir}/gateway/token-keys")
        Path keyDir();

        /** Where generated system-robot tokens are written ({@code <name>.token}, 0600). */
        @WithDefault("${gateway.data-dir}/robots")
        Path robotTokenDir();

        /** Configured tokens of the system robots, e.g. from a Kubernetes Secret. */
        SystemRobots systemRobots();
    }

    /**
     * The farm's own robots; one without a configured token gets a generated one written under
     * {@link Auth#robotTokenDir()} (e.g. env {@code GATEWAY_AUTH_SYSTEM_ROBOTS_BUILD_WORKER_TOKEN}).
     */
    interface SystemRobots {
        /** {@code robot$build-worker}. */
        SystemRobot buildWorker();

        /** {@code robot$registry-sync}. */
        SystemRobot registrySync();
    }

    /** A system robot's configured credential. */
    interface SystemRobot {
        /** The robot's token; absent means: generate one once and keep it in the robot token folder. */
        Optional<String> token();
    }

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

        /** Most submissions accepted in one group commit (one transaction). */
        @WithDefault("256")
        int submitBatchSize();
    }

    /** Outbox relay. */
    interface Outbox {
        /** Rows claimed and published per round trip. */
        @WithDefault("500")
        int batchSize();

        /**
         * The relay's safety poll: its wait when nobody signals new rows. Every writer in this gateway wakes the relay
         * after its commit, so this only bounds how late rows nobody signalled are seen: those another gateway instance
         * committed just before it died, and claims orphaned by a dead relay (after 10 s). It was 250 ms — four empty
         * claims a second on an idle farm.
         */
        @WithDefault("5s")
        Duration pollInterval();
    }
}
