package dev.slipway.worker.job;

import dev.slipway.common.job.LogChunk;
import dev.slipway.worker.runtime.OutputSink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Gathers RUN output lines into log events: a batch is sent after {@code window} or when it reaches
 * {@code maxBytes}, whichever comes first; a step's output beyond {@code stepLimit} bytes is dropped after one
 * notice, as BuildKit does. Lines arrive from two threads (stdout, stderr). The window is timed per batch, on the
 * job's timer thread, only when a batch starts: a step that prints nothing costs no wake-ups (a timer ticking every
 * window for the whole build cost ~12 ms of CPU per build). Thread-safe.
 */
final class LogBatcher {

    private final EventStream events;
    private final ScheduledExecutorService timers;
    private final long windowNanos;
    private final int maxBytes;
    private final long stepLimit;
    private StringBuilder batch = new StringBuilder();
    private OutputSink.Stream batchStream;
    private int batchBytes;
    private long batchStarted;
    private long stepBytes;
    private boolean clipped;
    private Integer step;

    LogBatcher(EventStream events, ScheduledExecutorService timers, Duration window, int maxBytes, long stepLimit) {
        this.events = events;
        this.timers = timers;
        this.windowNanos = window.toNanos();
        this.maxBytes = maxBytes;
        this.stepLimit = stepLimit;
    }

    /** A new step starts: flushes the previous step's lines and resets the limit. */
    synchronized void step(int index) {
        flush();
        step = index;
        stepBytes = 0;
        clipped = false;
    }

    synchronized void line(OutputSink.Stream stream, String line) {
        int bytes = line.getBytes(StandardCharsets.UTF_8).length + 1;
        if (clipped) {
            return;
        }
        if (stepBytes + bytes > stepLimit) {
            clipped = true;
            flush();
            send(OutputSink.Stream.STDERR, "[output clipped, log limit " + (stepLimit / (1024 * 1024)) + "MiB reached]\n");
            return;
        }
        stepBytes += bytes;
        if (batchStream != null && (batchStream != stream || batchBytes + bytes > maxBytes)) {
            flush();
        }
        if (batchStream == null) {
            batchStream = stream;
            batchStarted = System.nanoTime();
            try {
                timers.schedule(this::tick, windowNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException stopping) {
                // the worker is shutting down and cancels its jobs: the batch goes out with their last flush
            }
        }
        batch.append(line).append('\n');
        batchBytes += bytes;
        if (System.nanoTime() - batchStarted >= windowNanos) {
            flush();
        }
    }

    /** Sends what is gathered when the window has passed; called by the timer a batch sets when it starts. */
    synchronized void tick() {
        if (batchStream != null && System.nanoTime() - batchStarted >= windowNanos) {
            flush();
        }
    }

    synchronized void flush() {
        if (batchStream == null) {
            return;
        }
        send(batchStream, batch.toString());
        batch = new StringBuilder();
        batchStream = null;
        batchBytes = 0;
    }

    private void send(OutputSink.Stream stream, String text) {
        LogChunk.Stream s = stream == OutputSink.Stream.STDOUT ? LogChunk.Stream.STDOUT : LogChunk.Stream.STDERR;
        Integer st = step;
        events.emit((job, attempt, seq, at) -> new LogChunk(job, attempt, seq, at, s, text, st));
    }
}
