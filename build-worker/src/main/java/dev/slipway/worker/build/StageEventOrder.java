package dev.slipway.worker.build;

import dev.slipway.common.oci.Digest;
import dev.slipway.worker.runtime.OutputSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Puts the events of stages that run in parallel into the order a sequential build would emit them: the first
 * unfinished stage (in build order) streams live; later stages are held back and replayed, in order, as soon as every
 * stage before them has finished. So job events, step numbers and log attribution stay deterministic per stage, and
 * a stage's output never interleaves with another's. Thread-safe.
 */
final class StageEventOrder {

    private final BuildListener out;
    private final List<Integer> order;
    private final Map<Integer, List<Consumer<BuildListener>>> held = new HashMap<>();
    private final Set<Integer> finished = new HashSet<>();
    private int head;

    /**
     * @param out where the events go
     * @param order the stage indexes in build order
     */
    StageEventOrder(BuildListener out, List<Integer> order) {
        this.out = out;
        this.order = List.copyOf(order);
        for (int stage : order) {
            held.put(stage, new ArrayList<>());
        }
    }

    /** The listener a stage reports to. */
    BuildListener forStage(int stage) {
        return new BuildListener() {
            @Override
            public void stepStarted(int index, int total, String instruction) {
                emit(stage, l -> l.stepStarted(index, total, instruction));
            }

            @Override
            public void stepCached(int index, int total, String instruction, Digest layer) {
                emit(stage, l -> l.stepCached(index, total, instruction, layer));
            }

            @Override
            public void containerStarted(int index, String containerId) {
                emit(stage, l -> l.containerStarted(index, containerId));
            }

            @Override
            public void cacheMiss(int index, String instruction, String reason) {
                emit(stage, l -> l.cacheMiss(index, instruction, reason));
            }

            @Override
            public void stepFinished(int index, Duration duration, Digest layer, long size) {
                emit(stage, l -> l.stepFinished(index, duration, layer, size));
            }

            @Override
            public void log(OutputSink.Stream stream, String line) {
                emit(stage, l -> l.log(stream, line));
            }

            @Override
            public void warning(String message) {
                emit(stage, l -> l.warning(message));
            }
        };
    }

    /** A stage is done (built or failed): the next stages' held events follow. */
    synchronized void finished(int stage) {
        finished.add(stage);
        while (head < order.size() && finished.contains(order.get(head))) {
            head++;
            if (head < order.size()) {
                List<Consumer<BuildListener>> next = held.get(order.get(head));
                next.forEach(e -> e.accept(out));
                next.clear();
            }
        }
    }

    private synchronized void emit(int stage, Consumer<BuildListener> event) {
        if (head < order.size() && order.get(head) == stage) {
            event.accept(out);
        } else {
            held.get(stage).add(event);
        }
    }
}
