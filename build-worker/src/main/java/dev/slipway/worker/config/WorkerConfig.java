package dev.slipway.worker.config;

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

    /** The layer-store's base URL (its /v2 API). */
    @WithDefault("http://127.0.0.1:5000")
    URI layerStoreUrl();

    /** Where unpacked layers, snapshots, cache mounts and runc state live. */
    @WithDefault("${SLIPWAY_DATA:.slipway}/worker")
    Path workDir();

    /** How many jobs this worker runs at once. */
    @WithDefault("2")
    int concurrency();

    /** The longest a single RUN step may take. */
    @WithDefault("30m")
    Duration stepTimeout();

    /** How often a running job sends a heartbeat event. */
    @WithDefault("5s")
    Duration heartbeatInterval();

    /** This worker's name in job events. */
    @WithDefault("${HOSTNAME:build-worker}")
    String name();

    /** Log batching of RUN output into job events. */
    Logs logs();

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
}
