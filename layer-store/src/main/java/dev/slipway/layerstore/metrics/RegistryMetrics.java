package dev.slipway.layerstore.metrics;

import dev.slipway.layerstore.blob.BlobInfo;
import dev.slipway.layerstore.blob.IngestResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * The registry's own Prometheus meters (request counts and latencies come from Quarkus' HTTP server metrics):
 * bytes in and out, upload durations, and dedupe hits (an upload or mount whose bytes were already stored).
 */
@ApplicationScoped
public class RegistryMetrics {

    private final Counter bytesIn;
    private final Counter bytesOut;
    private final Counter dedupeHits;
    private final Counter mounts;
    private final Timer uploadDuration;

    RegistryMetrics(MeterRegistry registry) {
        bytesIn = Counter.builder("layerstore.bytes.in").description("Blob bytes received").baseUnit("bytes")
                .register(registry);
        bytesOut = Counter.builder("layerstore.bytes.out").description("Blob bytes served").baseUnit("bytes")
                .register(registry);
        dedupeHits = Counter.builder("layerstore.dedupe.hits")
                .description("Uploads and mounts of content that was already stored").register(registry);
        mounts = Counter.builder("layerstore.mounts").description("Cross-repository mounts").register(registry);
        uploadDuration = Timer.builder("layerstore.upload.duration")
                .description("Time from the start of an upload to its verified publication").register(registry);
    }

    /** @param bytes blob bytes received from a client */
    public void received(long bytes) {
        bytesIn.increment(bytes);
    }

    /** @param bytes blob bytes sent to a client */
    public void served(long bytes) {
        bytesOut.increment(bytes);
    }

    /**
     * @param result   a finished upload
     * @param duration how long it took
     */
    public void uploaded(IngestResult result, Duration duration) {
        uploadDuration.record(duration);
        if (result.alreadyStored()) {
            dedupeHits.increment();
        }
    }

    /** @param blob a blob mounted from another repository (always a dedupe hit) */
    public void mounted(BlobInfo blob) {
        mounts.increment();
        dedupeHits.increment();
    }
}
