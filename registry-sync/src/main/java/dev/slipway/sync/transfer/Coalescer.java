package dev.slipway.sync.transfer;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Runs one piece of work per key at a time and hands its result to everybody who asks for the same key while it runs:
 * ten workers that need the same image or blob cause one upstream fetch.
 *
 * @param <K> what identifies the work
 * @param <V> its result
 * @param <E> the checked failure it may end with, which every waiter gets too
 */
public final class Coalescer<K, V, E extends Exception> {

    /** The work. */
    @FunctionalInterface
    public interface Work<V, E extends Exception> {
        V run() throws E;
    }

    /** A result, and whether it came from another caller's run. */
    public record Outcome<V>(V value, boolean joined) { }

    private final Class<E> failure;
    private final ConcurrentMap<K, CompletableFuture<V>> inFlight = new ConcurrentHashMap<>();

    /** @param failure the checked exception type the work throws */
    public Coalescer(Class<E> failure) {
        this.failure = failure;
    }

    /**
     * Runs {@code work} for {@code key}, or waits for the run already in flight for it.
     *
     * @throws E the run's failure, for the runner and every waiter alike
     */
    public Outcome<V> run(K key, Work<V, E> work) throws E {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return new Outcome<>(await(running), true);
        }
        try {
            V value = work.run();
            mine.complete(value);
            return new Outcome<>(value, false);
        } catch (Exception | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    private V await(CompletableFuture<V> running) throws E {
        try {
            return running.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (failure.isInstance(cause)) {
                throw failure.cast(cause);
            }
            if (cause instanceof RuntimeException rt) {
                throw rt;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("coalesced work failed", cause);
        }
    }
}
