package dev.slipway.sync.upstream;

import dev.slipway.registry.client.RateLimit;
import dev.slipway.registry.client.RegistryObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prometheus metrics of registry traffic: bytes pulled and pushed per registry, retries, Docker Hub's remaining pull
 * budget, and requests served by joining a transfer already running (coalesced).
 */
@ApplicationScoped
public class SyncMetrics implements RegistryObserver {

    private final MeterRegistry meters;
    private final Map<String, AtomicLong> rateLimitRemaining = new ConcurrentHashMap<>();
    private final Map<String, RateLimit> lastRateLimit = new ConcurrentHashMap<>();

    SyncMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public void retried(String registry, String reason) {
        Counter.builder("slipway.sync.retries").tag("registry", registry)
                .description("requests to a registry that were retried").register(meters).increment();
    }

    @Override
    public void rateLimit(String registry, RateLimit rateLimit) {
        lastRateLimit.put(registry, rateLimit);
        rateLimitRemaining.computeIfAbsent(registry, r -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("slipway.sync.ratelimit.remaining", value, AtomicLong::get).tag("registry", r)
                    .description("pulls left in the registry's rate-limit window").register(meters);
            return value;
        }).set(rateLimit.remaining());
    }

    @Override
    public void bytesPulled(String registry, long bytes) {
        Counter.builder("slipway.sync.bytes.pulled").tag("registry", registry).baseUnit("bytes")
                .description("blob bytes received from a registry").register(meters).increment(bytes);
    }

    @Override
    public void bytesPushed(String registry, long bytes) {
        Counter.builder("slipway.sync.bytes.pushed").tag("registry", registry).baseUnit("bytes")
                .description("blob bytes sent to a registry").register(meters).increment(bytes);
    }

    /** The rate limit a registry announced last, if it ever did. */
    public Optional<RateLimit> lastRateLimit(String registry) {
        return Optional.ofNullable(lastRateLimit.get(registry));
    }

    /** A request joined a transfer already in flight instead of starting its own. */
    public void coalesced(String what) {
        Counter.builder("slipway.sync.coalesced").tag("kind", what)
                .description("requests served by a transfer already in flight").register(meters).increment();
    }
}
