package dev.slipway.layerstore.http;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * A request body as a blocking {@link InputStream} for a worker thread, fed by the event loop with backpressure: the
 * request is paused while more than {@link #HIGH_WATER} bytes wait and resumed below {@link #LOW_WATER}, so memory
 * stays bounded whatever the blob size. Reads gather several network buffers into one, so the consumer hashes and
 * writes in large blocks.
 */
final class RequestBodyStream extends InputStream {

    private static final long HIGH_WATER = 16L << 20;
    private static final long LOW_WATER = 4L << 20;
    /** The reader is woken once this much is queued (or the body ended), not for every network buffer. */
    private static final long BATCH = 2L << 20;
    /** A client that sends nothing for this long is given up on. */
    private static final long IDLE_NANOS = Duration.ofMinutes(5).toNanos();

    private final HttpServerRequest request;
    private final Context context;
    private final ArrayDeque<Buffer> queue = new ArrayDeque<>();
    private long queued;
    private boolean paused;
    private boolean waiting;
    private boolean ended;
    private Throwable failure;
    /** The buffer being copied out, owned by the reading thread. */
    private Buffer current;
    private int position;

    /**
     * Takes over the request's body; call on the request's event loop.
     *
     * @param request the request
     * @param context its event-loop context
     */
    RequestBodyStream(HttpServerRequest request, Context context) {
        this.request = request;
        this.context = context;
        request.handler(this::onData);
        request.endHandler(ignored -> onEnd());
        request.exceptionHandler(this::onFailure);
        request.resume();
    }

    /** @return whether the whole body has arrived */
    synchronized boolean ended() {
        return ended;
    }

    private synchronized void onData(Buffer buffer) {
        queue.add(buffer);
        queued += buffer.length();
        if (!paused && queued > HIGH_WATER) {
            paused = true;
            request.pause();
        }
        if (waiting && queued >= BATCH) {
            notifyAll();
        }
    }

    private synchronized void onEnd() {
        ended = true;
        notifyAll();
    }

    private synchronized void onFailure(Throwable cause) {
        failure = cause;
        notifyAll();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        int copied = 0;
        while (copied < length) {
            if (current == null) {
                // Only taking buffers needs the lock: the copying below must not hold up the event loop.
                current = copied == 0 ? take() : poll();
                if (current == null) {
                    break;
                }
                position = 0;
            }
            int chunk = Math.min(length - copied, current.length() - position);
            current.getBytes(position, position + chunk, target, offset + copied);
            position += chunk;
            copied += chunk;
            if (position == current.length()) {
                current = null;
            }
        }
        return copied == 0 ? -1 : copied;
    }

    /** @return the next buffer, or null when none is queued right now */
    private synchronized Buffer poll() {
        Buffer next = queue.poll();
        if (next != null) {
            dequeued(next);
        }
        return next;
    }

    /** @return the next buffer, waiting for one; null at the end of the body */
    private synchronized Buffer take() throws IOException {
        long idleSince = System.nanoTime();
        while (queue.isEmpty()) {
            if (failure != null) {
                throw new IOException("the client's request broke off: " + failure.getMessage(), failure);
            }
            if (ended) {
                return null;
            }
            if (System.nanoTime() - idleSince > IDLE_NANOS) {
                throw new IOException("the client sent nothing for " + Duration.ofNanos(IDLE_NANOS));
            }
            try {
                waiting = true;
                wait(1000); // woken by a full batch, the end, a failure, or this timeout
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading the request body");
            } finally {
                waiting = false;
            }
        }
        Buffer next = queue.poll();
        dequeued(next);
        return next;
    }

    private void dequeued(Buffer buffer) {
        queued -= buffer.length();
        if (paused && queued < LOW_WATER) {
            paused = false;
            context.runOnContext(ignored -> request.resume());
        }
    }
}
