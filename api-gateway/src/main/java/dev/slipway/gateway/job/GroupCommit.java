package dev.slipway.gateway.job;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Predicate;

/**
 * Group commit: many threads hand in items and each blocks until a transaction holding its item has committed; one
 * writer thread writes whatever has queued up meanwhile in one transaction. Under load a commit (and its fsync) is
 * shared by every request that arrived while the previous one was running; alone, a request commits by itself, so
 * no item ever waits for a timer.
 *
 * <p>A failed batch never takes innocent items down with it: unless the failure concerns every item alike (the
 * database cannot be reached), each item is written again in a transaction of its own and only the item that fails
 * alone is refused.
 *
 * @param <T> what is written
 */
final class GroupCommit<T> {

    /** Writes a batch in one transaction: all of it commits, or none of it. */
    @FunctionalInterface
    interface Writer<T> {
        void write(List<T> batch) throws Exception;
    }

    /** The item's transaction did not commit; {@link #getCause()} says why. */
    static final class NotCommittedException extends Exception {
        NotCommittedException(Throwable cause) {
            super(cause.toString(), cause);
        }
    }

    private final Writer<T> writer;
    private final Predicate<Exception> affectsEveryItem;
    private final int maxBatch;
    private final BlockingQueue<Pending<T>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param name             writer thread name
     * @param maxBatch         most items in one transaction
     * @param writer           writes one batch in one transaction
     * @param affectsEveryItem whether a failure would recur for any item (then items are not retried one by one)
     */
    GroupCommit(String name, int maxBatch, Writer<T> writer, Predicate<Exception> affectsEveryItem) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be ≥ 1, not " + maxBatch);
        }
        this.writer = writer;
        this.affectsEveryItem = affectsEveryItem;
        this.maxBatch = maxBatch;
        this.thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Writes the item and returns once its transaction has committed.
     *
     * @throws NotCommittedException if it did not (nothing of the item is in the database)
     */
    void commit(T item) throws NotCommittedException {
        Pending<T> pending = new Pending<>(item, new CompletableFuture<>());
        if (!running) {
            throw new NotCommittedException(new IllegalStateException("shutting down"));
        }
        queue.add(pending);
        if (!running) {
            failQueued(); // closed meanwhile: nobody will write it
        }
        try {
            pending.done().join(); // not interruptible: the outcome must be known before the caller answers
        } catch (CompletionException e) {
            throw new NotCommittedException(e.getCause());
        }
    }

    /** Stops the writer after the batch in progress; items still queued are refused. */
    void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(10_000);
        failQueued();
    }

    private void loop() {
        List<Pending<T>> batch = new ArrayList<>(maxBatch);
        while (running) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(batch, maxBatch - 1);
            flush(batch);
            batch.clear();
        }
        failQueued();
    }

    private void flush(List<Pending<T>> batch) {
        Throwable failure = write(batch);
        if (failure == null) {
            return;
        }
        if (batch.size() == 1 || !(failure instanceof Exception e) || affectsEveryItem.test(e)) {
            batch.forEach(p -> p.done().completeExceptionally(failure));
            return;
        }
        for (Pending<T> pending : batch) {
            Throwable alone = write(List.of(pending));
            if (alone != null) {
                pending.done().completeExceptionally(alone);
            }
        }
    }

    /** @return null once the batch has committed (and its callers are released), else why not */
    private Throwable write(List<Pending<T>> batch) {
        try {
            writer.write(batch.stream().map(Pending::item).toList());
        } catch (Exception | Error e) { // an Error too: the writer thread must outlive any one batch
            return e;
        }
        batch.forEach(p -> p.done().complete(null));
        return null;
    }

    private void failQueued() {
        Pending<T> left;
        while ((left = queue.poll()) != null) {
            left.done().completeExceptionally(new IllegalStateException("shutting down"));
        }
    }

    private record Pending<T>(T item, CompletableFuture<Void> done) {
    }
}
