package dev.slipway.worker.build;

import java.util.concurrent.CopyOnWriteArrayList;

/** A cancel signal for one build: the running container is killed and the build stops before the next step. */
public final class Cancellation {

    private volatile boolean cancelled;
    private final CopyOnWriteArrayList<Runnable> hooks = new CopyOnWriteArrayList<>();

    /** Requests cancellation; runs the registered hooks (e.g. killing the current container). */
    public void cancel() {
        cancelled = true;
        hooks.forEach(Runnable::run);
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Registers a hook while a step runs; returns a handle that removes it. */
    AutoCloseable onCancel(Runnable hook) {
        hooks.add(hook);
        if (cancelled) {
            hook.run();
        }
        return () -> hooks.remove(hook);
    }
}
