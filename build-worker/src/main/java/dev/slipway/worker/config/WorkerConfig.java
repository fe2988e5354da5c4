package dev.slipway.worker.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The build-worker's settings ({@code worker.*}); every default is declared here and only here.
 */
@ConfigMapping(prefix = "worker")
public interface WorkerConfig {

    /** The layer-store's base URL (its /v2 API); {@code ./slipway up} passes it as SLIPWAY_LAYER_STORE_URL. */
    @WithDefault("${SLIPWAY_LAYER_STORE_URL:http://127.0.0.1:5000}")
    URI layerStoreUrl();

    /** The robot account the worker logs in to the layer-store as. */
    LayerStoreLogin layerStore();

    /**
     * registry-sync's base URL, asked to pull a missing base image through ({@code POST /internal/v1/ensure});
     * {@code ./slipway up} passes it as SLIPWAY_REGISTRY_SYNC_URL.
     */
    @WithDefault("${SLIPWAY_REGISTRY_SYNC_URL:http://127.0.0.1:8082}")
    URI registrySyncUrl();

    /** How long a pull-through may take before the build fails with {@code base image not found}. */
    @WithDefault("10m")
    Duration pullThroughTimeout();

    /** Where unpacked layers, snapshots, cache mounts and runc state live. */
    @WithDefault("${SLIPWAY_DATA:.slipway}/worker")
    Path workDir();

    /** How many jobs this worker runs at once. */
    @WithDefault("2")
    int concurrency();

    /** How many independent stages of one multi-stage build run at once (1: one after another). */
    @WithDefault("2")
    int stageParallelism();

    /** The longest a single RUN step may take. */
    @WithDefault("30m")
    Duration stepTimeout();

    /** How often a running job sends a heartbeat event. */
    @WithDefault("5s")
    Duration heartbeatInterval();

    /** This worker's name in job events. */
    @WithDefault("${HOSTNAME:build-worker}")
    String name();

    /** The unpacked-layer cache ({@code <work-dir>/layers}). */
    LayerCache layerCache();

    /** The directories of {@code RUN --mount=type=cache} ({@code <work-dir>/cache-mounts}). */
    CacheMounts cacheMounts();

    /** Log batching of RUN output into job events. */
    Logs logs();

    /**
     * The layer-store login: a token from the challenge's realm, fetched with these credentials only when the
     * layer-store asks for authentication.
     */
    interface LayerStoreLogin {
        /** The robot account's name. */
        @WithDefault("robot$build-worker")
        String username();

        /**
         * The file holding the robot's token (written by the api-gateway on its first start); read when a token is
         * fetched, so it may appear after the worker started.
         */
        @WithDefault("${SLIPWAY_DATA:.slipway}/robots/build-worker.token")
        Path passwordFile();
    }

    /** Limits of the job events that carry RUN output. */
    interface Logs {
        /** Lines are gathered at most this long before they are sent. */
        @WithDefault("100ms")
        Duration batchWindow();

        /** A log event carries at most this many bytes. */
        @WithDefault("65536")
        int batchBytes();

        /** Output of one step beyond this many bytes is dropped with a notice (BuildKit's limit). */
        @WithDefault("2097152")
        long stepLimitBytes();
    }

    /** Bounds of the unpacked-layer cache. */
    interface LayerCache {
        /** Beyond this many bytes, the least recently used layers no snapshot uses are removed. */
        @WithDefault("20G")
        MemorySize maxSize();
    }

    /** Bounds of the cache-mount directories. */
    interface CacheMounts {
        /** Beyond this many bytes, the least recently used cache mounts no running step uses are removed. */
        @WithDefault("10G")
        MemorySize maxSize();
    }
}
