package dev.slipway.worker.build;

import java.util.ArrayList;
import java.util.List;

/**
 * Wall-clock time per phase of one build (parse, steps, publish, record), for the worker log: where a fully cached
 * build spends its time. Owned by the build's thread.
 */
final class Phases {

    private final List<String> done = new ArrayList<>();
    private long last = System.nanoTime();
    private final long start = last;

    /** Ends the current phase under {@code name}. */
    void mark(String name) {
        long now = System.nanoTime();
        done.add(name + " " + (now - last) / 1_000_000 + " ms");
        last = now;
    }

    @Override
    public String toString() {
        return String.join(", ", done) + " (total " + (last - start) / 1_000_000 + " ms)";
    }
}
