package dev.slipway.worker.job;

import dev.slipway.common.job.LogChunk;
import dev.slipway.worker.runtime.OutputSink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Gathers RUN output lines into log events: a batch is sent after {@code window} or when it reaches
 * {@code maxBytes}, whichever comes first; a step's output beyond {@code stepLimit} bytes is dropped after one
 * notice, as BuildKit does. Lines arrive from two threads (stdout, stderr). Thread-safe.
 */
final class LogBatcher {

    private final EventStream events;
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

    LogBatcher(EventStream events, Duration window, int maxBytes, long stepLimit) {
        this.events = events;
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
        }
        batch.append(line).append('\n');
        batchBytes += bytes;
        if (System.nanoTime() - batchStarted >= windowNanos) {
            flush();
        }
    }

    /** Sends what is gathered when the window has passed; called by a timer. */
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
