package dev.slipway.gateway.sse;

import dev.slipway.gateway.job.JobService;
import dev.slipway.gateway.job.StoredEvent;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.ws.rs.sse.OutboundSseEvent;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * One SSE client of one job. Sends events strictly in sequence, each exactly once: replayed ones from the database,
 * then live ones from the bus; a live event that arrives ahead of a missing one waits until the gap is read back from
 * the database (two transactions may broadcast out of order; both are committed by then).
 */
final class Watcher {

    private static final Logger LOG = Logger.getLogger(Watcher.class);
    private static final int PAGE = 500;

    private final UUID jobId;
    private final MultiEmitter<? super OutboundSseEvent> sink;
    private final Sse sse;
    private final JobService jobs;
    private final Executor executor;
    /** Live events not yet sendable: during replay, or behind a gap. */
    private final TreeMap<Long, StoredEvent> pending = new TreeMap<>();
    private AutoCloseable subscription;
    private long lastSent;
    private boolean replaying = true;
    private boolean gapFillRunning;
    private boolean closed;

    Watcher(UUID jobId, long lastSeen, MultiEmitter<? super OutboundSseEvent> sink, Sse sse, JobService jobs,
            Executor executor) {
        this.jobId = jobId;
        this.lastSent = lastSeen;
        this.sink = sink;
        this.sse = sse;
        this.jobs = jobs;
        this.executor = executor;
    }

    /** Replays from the database on the calling thread, then switches to live delivery. */
    void start(AutoCloseable subscription) {
        synchronized (this) {
            this.subscription = subscription;
            if (closed) {
                closeQuietly(subscription); // the client left before the replay began
                return;
            }
        }
        try {
            while (true) {
                List<StoredEvent> page = jobs.eventsAfter(jobId, lastSentNow(), PAGE);
                synchronized (this) {
                    for (StoredEvent event : page) {
                        sendInOrder(event);
                    }
                    if (closed) {
                        return;
                    }
                }
                if (page.size() < PAGE) {
                    break;
                }
            }
            synchronized (this) {
                replaying = false;
                drain();
            }
            if (jobs.isFinished(jobId)) {
                // the client had already seen the end (Last-Event-ID at or past the terminal event)
                synchronized (this) {
                    if (pending.isEmpty()) {
                        close();
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("event stream of job %s failed during replay: %s", jobId, e.toString());
            synchronized (this) {
                close();
            }
        }
    }

    /** Called by the bus with each committed event of the job. */
    synchronized void onLive(StoredEvent event) {
        if (closed || event.seq() <= lastSent) {
            return;
        }
        pending.put(event.seq(), event);
        if (!replaying) {
            drain();
        }
    }

    private synchronized long lastSentNow() {
        return lastSent;
    }

    /** Sends what is contiguous; starts a gap fill if the next event is missing. Holds the lock. */
    private void drain() {
        while (!closed && !pending.isEmpty()) {
            Map.Entry<Long, StoredEvent> first = pending.firstEntry();
            if (first.getKey() <= lastSent) {
                pending.pollFirstEntry();
            } else if (first.getKey() == lastSent + 1) {
                pending.pollFirstEntry();
                send(first.getValue());
            } else {
                fillGap(first.getKey());
                return;
            }
        }
    }

    private void fillGap(long before) {
        if (gapFillRunning) {
            return;
        }
        gapFillRunning = true;
        long after = lastSent;
        executor.execute(() -> {
            try {
                List<StoredEvent> missing = jobs.eventsBetween(jobId, after, before);
                synchronized (this) {
                    gapFillRunning = false;
                    for (StoredEvent event : missing) {
                        sendInOrder(event);
                    }
                    drain();
                }
            } catch (RuntimeException e) {
                LOG.warnf("event stream of job %s could not read missing events: %s", jobId, e.toString());
                synchronized (this) {
                    close();
                }
            }
        });
    }

    private void sendInOrder(StoredEvent event) {
        if (!closed && event.seq() == lastSent + 1) {
            send(event);
        }
    }

    private void send(StoredEvent event) {
        lastSent = event.seq();
        sink.emit(sse.newEventBuilder()
                .id(Long.toString(event.seq()))
                .name(event.type())
                .mediaType(MediaType.TEXT_PLAIN_TYPE)
                .data(String.class, event.data())
                .build());
        if (event.terminal()) {
            close();
        }
    }

    /** Ends the stream (after the terminal event, on failure, or when the client has gone). */
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        pending.clear();
        if (subscription != null) {
            closeQuietly(subscription);
        }
        sink.complete();
    }

    private static void closeQuietly(AutoCloseable subscription) {
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.debugf("closing subscription: %s", e);
        }
    }
}
