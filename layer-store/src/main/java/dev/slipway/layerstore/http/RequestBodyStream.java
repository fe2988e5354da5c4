package dev.slipway.layerstore.http;

import dev.slipway.layerstore.blob.BufferSource;
import io.netty.buffer.ByteBuf;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;

/**
 * A request body as a blocking {@link InputStream} for a worker thread, fed by the event loop with backpressure: the
 * request is paused while more than {@link #HIGH_WATER} bytes wait and resumed below {@link #LOW_WATER}, so memory
 * stays bounded whatever the blob size. As a {@link BufferSource} it hands the network buffers themselves over in
 * batches, so the consumer writes them in place and takes the lock once per batch rather than per buffer.
 *
 * <p>It also hashes the body on the event loop as each buffer arrives ({@link #startHashing}). Every hand-over between
 * the two threads costs a wake-up, and on a loaded machine a woken thread waits for a CPU: a profile showed uploads
 * spending more time in those waits than in work. Hashing where the bytes arrive adds no hand-over, and leaves the
 * worker only the file writes, so it keeps up and the request is paused less often.
 */
final class RequestBodyStream extends InputStream implements BufferSource {

    /*
     * Small enough that queued buffers mostly die young (with 16 MiB queued, JFR showed G1 promoting body buffers to
     * the old generation), large enough to ride out a slow write.
     */
    private static final long HIGH_WATER = 8L << 20;
    private static final long LOW_WATER = 2L << 20;
    /** The reader is woken once this much is queued (or the body ended): few wake-ups per gigabyte. */
    private static final long BATCH = 4L << 20;
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
    /**
     * Guards {@link #hash}. Hashing a buffer holds only this lock, never the queue's, so the reader taking buffers
     * never waits for a hash on the event loop, nor the event loop for a reader that was preempted holding the queue.
     */
    private final Object hashLock = new Object();
    /** Fed with each buffer as it arrives while the reader wants it. */
    private MessageDigest hash;
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

    private void onData(Buffer buffer) {
        synchronized (hashLock) { // held until queued, so startHashing() sees each buffer either hashed or queued
            if (hash != null) {
                hash.update(view(buffer, 0));
            }
            enqueue(buffer);
        }
    }

    private synchronized void enqueue(Buffer buffer) {
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

    @Override
    public boolean next(List<ByteBuffer> batch) throws IOException {
        if (current != null) { // what read() left of its last buffer
            batch.add(view(current, position));
            current = null;
        } else {
            Buffer first = take();
            if (first == null) {
                return false;
            }
            batch.add(view(first, 0));
        }
        drainInto(batch);
        return true;
    }

    @Override
    public boolean startHashing(MessageDigest digest) {
        synchronized (hashLock) {
            if (current != null) { // owned by this, the reading thread
                digest.update(view(current, position));
            }
            for (Buffer waiting : queuedNow()) {
                digest.update(view(waiting, 0));
            }
            hash = digest;
        }
        return true;
    }

    @Override
    public void stopHashing() {
        synchronized (hashLock) {
            hash = null;
        }
    }

    private synchronized List<Buffer> queuedNow() {
        return List.copyOf(queue);
    }

    /** Moves every queued buffer into {@code batch} without waiting. */
    private synchronized void drainInto(List<ByteBuffer> batch) {
        for (Buffer next = queue.poll(); next != null; next = queue.poll()) {
            batch.add(view(next, 0));
            dequeued(next);
        }
    }

    /** @return the bytes of {@code buffer} from {@code from} on, without copying them */
    private static ByteBuffer view(Buffer buffer, int from) {
        ByteBuf bytes = buffer.getByteBuf();
        return bytes.nioBuffer(bytes.readerIndex() + from, buffer.length() - from);
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
