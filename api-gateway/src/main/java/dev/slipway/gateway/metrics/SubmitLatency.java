package dev.slipway.gateway.metrics;

import dev.slipway.common.job.JobKind;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The submit latency timer {@code slipway.gateway.submit}, tagged {@code kind} (pull, push, run, commit, build) and
 * {@code exception} ({@code none}, or the simple name of what the submission threw).
 *
 * <p>Why not {@code @Timed}: its interceptor looks the timer up in the registry on every call (building the tags and
 * the meter id each time); here the successful outcome's timer of each kind is registered once, so a submission costs
 * two clock reads and the timer's own atomic updates. Failures are rare and are looked up as they come.
 */
@ApplicationScoped
public class SubmitLatency {

    private static final String NAME = "slipway.gateway.submit";

    private final MeterRegistry registry;
    private final Map<JobKind, Timer> succeeded = new EnumMap<>(JobKind.class);

    SubmitLatency(MeterRegistry registry) {
        this.registry = registry;
        for (JobKind kind : JobKind.values()) {
            succeeded.put(kind, timer(kind, "none"));
        }
    }

    /**
     * Runs a submission and records how long it took, whether it succeeded or threw.
     *
     * @param kind       what is submitted
     * @param submission the submission (validation, authorisation, the commit)
     * @param <T>        its answer
     * @return its answer
     */
    public <T> T time(JobKind kind, Supplier<T> submission) {
        long start = System.nanoTime();
        try {
            T answer = submission.get();
            succeeded.get(kind).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return answer;
        } catch (RuntimeException | Error e) {
            timer(kind, e.getClass().getSimpleName()).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            throw e;
        }
    }

    private Timer timer(JobKind kind, String exception) {
        return Timer.builder(NAME)
                .description("time to accept a job: validation, authorisation and the commit that stores it")
                .tag("kind", kind.name().toLowerCase(Locale.ROOT))
                .tag("exception", exception)
                .register(registry);
    }
}
