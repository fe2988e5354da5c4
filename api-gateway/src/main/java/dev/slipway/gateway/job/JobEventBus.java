package dev.slipway.gateway.job;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The in-process fan-out of committed events to live watchers: the gateway consumes {@code slipway.job-events} once
 * and every SSE stream of a job subscribes here, so a thousand watchers cost one Kafka consumption.
 */
@ApplicationScoped
public class JobEventBus {

    private static final Logger LOG = Logger.getLogger(JobEventBus.class);

    private final Map<UUID, Set<Consumer<StoredEvent>>> listeners = new ConcurrentHashMap<>();
    private final AtomicInteger subscribers = new AtomicInteger();

    /**
     * @param jobId    the job to watch
     * @param listener called, on the committing thread, with each event committed after this call; must not block
     * @return the subscription; close it when the watcher leaves
     */
    public AutoCloseable subscribe(UUID jobId, Consumer<StoredEvent> listener) {
        listeners.computeIfAbsent(jobId, id -> ConcurrentHashMap.newKeySet()).add(listener);
        subscribers.incrementAndGet();
        return () -> {
            Set<Consumer<StoredEvent>> set = listeners.get(jobId);
            if (set != null && set.remove(listener)) {
                subscribers.decrementAndGet();
                listeners.computeIfPresent(jobId, (id, s) -> s.isEmpty() ? null : s);
            }
        };
    }

    /** @return the number of live subscriptions */
    public int subscriberCount() {
        return subscribers.get();
    }

    /** Delivers committed events to the watchers of their jobs. */
    void publish(List<StoredEvent> events) {
        for (StoredEvent event : events) {
            Set<Consumer<StoredEvent>> set = listeners.get(event.jobId());
            if (set == null) {
                continue;
            }
            for (Consumer<StoredEvent> listener : set) {
                try {
                    listener.accept(event);
                } catch (RuntimeException e) {
                    LOG.debugf("a watcher of job %s failed: %s", event.jobId(), e);
                }
            }
        }
    }
}
