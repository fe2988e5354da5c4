package dev.slipway.gateway.sse;

import dev.slipway.gateway.job.JobService;
import dev.slipway.gateway.job.StoredEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * One SSE client of one job. Sends events strictly in sequence, each exactly once: read from the database while
 * catching up (at the start, after Last-Event-ID), then live ones from the bus; a live event that arrives ahead of a
 * missing one waits until the gap is read back from the database (two transactions may broadcast out of order; both
 * are committed by then).
 *
 * <p>Events are written to the connection by whichever thread has them (the consumer thread for live events), with
 * up to {@link #WINDOW} writes in flight: a batch of events goes out without waiting for each write to finish, so the
 * HTTP layer flushes it in one go, and no thread hop is needed per event. The window is the back-pressure: a write
 * finishes only once its bytes are on the socket, so a client that stops reading stops this watcher after
 * {@link #WINDOW} events. A client that then falls more than {@link #MAX_PENDING} events behind loses its buffered
 * live events and catches up from the database, page by page as it reads: memory per watcher stays bounded, and the
 * bus thread that feeds every watcher never waits for one of them.
 */
final class Watcher {

    private static final Logger LOG = Logger.getLogger(Watcher.class);
    private static final int PAGE = 500;
    /** Live events held for a client that is not keeping up, before they are dropped and re-read later. */
    static final int MAX_PENDING = 1_000;
    /** Events written to the connection whose write has not finished yet, at most. */
    static final int WINDOW = 64;

    private final UUID jobId;
    private final SseEventSink sink;
    private final Sse sse;
    private final JobService jobs;
    private final Executor executor;
    private final Runnable onFallBehind;
    /** Live events not yet sent: while catching up, behind a gap, or waiting for the client to read. */
    private final TreeMap<Long, StoredEvent> pending = new TreeMap<>();
    /** Writes handed to the connection and not finished; changed by the writer and by the HTTP layer's callbacks. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private AutoCloseable subscription;
    private long lastSent;
    /** Reading from the database (the start, or after falling behind); live events are held meanwhile. */
    private boolean catchingUp = true;
    /** Live events were dropped during this catch-up: read once more before going live. */
    private boolean dropped;
    private boolean readRunning;
    private boolean gapFillRunning;
    /** Stopped because the window is full; the next finished write resumes on the executor. */
    private volatile boolean awaitingWindow;
    private boolean closed;

    Watcher(UUID jobId, long lastSeen, SseEventSink sink, Sse sse, JobService jobs,
            Executor executor, Runnable onFallBehind) {
        this.jobId = jobId;
        this.lastSent = lastSeen;
        this.sink = sink;
        this.sse = sse;
        this.jobs = jobs;
        this.executor = executor;
        this.onFallBehind = onFallBehind;
    }

    /** Starts catching up from the database; live events of {@code subscription} are held until then. */
    synchronized void start(AutoCloseable subscription) {
        this.subscription = subscription;
        if (closed) {
            closeQuietly(subscription); // the client left before the stream began
            return;
        }
        readPage();
    }

    /** Called by the bus, on the committing thread, with each committed event of the job; never waits. */
    synchronized void onLive(StoredEvent event) {
        if (closed || event.seq() <= lastSent) {
            return;
        }
        pending.put(event.seq(), event);
        if (pending.size() > MAX_PENDING) {
            // the client is not reading: keep nothing, re-read from the database when it asks for more
            pending.clear();
            dropped = true;
            if (!catchingUp) {
                catchingUp = true;
                onFallBehind.run();
            }
            readPage(); // now, or when a write finishes, or after the read under way
            return;
        }
        if (!catchingUp) {
            drain();
        }
    }

    /**
     * Called by the HTTP layer, on its event loop, when a write has finished. Lock-free: the event loop must not wait
     * for this watcher's lock, which the thread writing to the same connection may hold.
     */
    private void written(Throwable failure) {
        inFlight.decrementAndGet();
        if (failure != null) {
            LOG.debugf("event stream of job %s: write failed (%s)", jobId, failure.toString());
            executor.execute(this::close);
        } else if (awaitingWindow) {
            awaitingWindow = false;
            executor.execute(this::resume);
        }
    }

    /** Called, lock-free like {@link #written}, when the client has gone; ends the subscription. */
    void onClientGone() {
        executor.execute(this::close);
    }

    private synchronized void resume() {
        if (catchingUp) {
            readPage();
        } else {
            drain();
        }
    }

    /**
     * @return whether another write may start now; if not, the next finished write resumes this watcher. Holds the
     *         lock.
     */
    private boolean demand() {
        if (inFlight.get() < WINDOW) {
            return true;
        }
        awaitingWindow = true;
        // a write finishing between the check and the flag would otherwise be missed
        if (inFlight.get() < WINDOW) {
            awaitingWindow = false;
            return true;
        }
        return false;
    }

    /** Reads the next page from the database if the client wants events and no read is under way. Holds the lock. */
    private void readPage() {
        if (closed || readRunning || !demand()) {
            return;
        }
        readRunning = true;
        dropped = false; // whatever is dropped from now on was committed before the read below, or is held
        long after = lastSent;
        executor.execute(() -> {
            try {
                // checked before the read: if the job had ended by now, the read returns its terminal event
                boolean finished = jobs.isFinished(jobId);
                List<StoredEvent> page = jobs.eventsAfter(jobId, after, PAGE);
                synchronized (this) {
                    for (StoredEvent event : page) {
                        sendInOrder(event);
                    }
                    readRunning = false;
                    if (closed) {
                        return;
                    }
                    if (page.size() == PAGE || dropped) {
                        readPage(); // more to read; starts when a write finishes, if the window is full
                    } else if (finished && pending.isEmpty()) {
                        close(); // the client had already seen the end (Last-Event-ID at or past the terminal event)
                    } else {
                        catchingUp = false;
                        drain();
                    }
                }
            } catch (RuntimeException e) {
                LOG.warnf("event stream of job %s failed while reading from the database: %s", jobId, e.toString());
                synchronized (this) {
                    close();
                }
            }
        });
    }

    /** Sends what is contiguous while the client wants it; starts a gap fill if the next event is missing. */
    private void drain() {
        while (!closed && !pending.isEmpty()) {
            Map.Entry<Long, StoredEvent> first = pending.firstEntry();
            if (first.getKey() <= lastSent) {
                pending.pollFirstEntry();
            } else if (first.getKey() == lastSent + 1) {
                if (!demand()) {
                    return; // written() resumes
                }
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
                    resume();
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
        if (sink.isClosed()) {
            close(); // the client has gone (the HTTP layer drops writes to a closed response silently)
            return;
        }
        lastSent = event.seq();
        inFlight.incrementAndGet();
        try {
            sink.send(sse.newEventBuilder()
                    .id(Long.toString(event.seq()))
                    .name(event.type())
                    .data(String.class, event.data())
                    .build()).whenComplete((ignored, failure) -> written(failure));
        } catch (IllegalStateException e) {
            LOG.debugf("event stream of job %s: %s", jobId, e.getMessage());
            inFlight.decrementAndGet();
            close(); // the client has gone
            return;
        }
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
        sink.close(); // after the writes under way: the end of the response is queued behind them
    }

    private static void closeQuietly(AutoCloseable subscription) {
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.debugf("closing subscription: %s", e);
        }
    }
}
