package dev.slipway.worker.build;

import dev.slipway.worker.cache.BuildCache;
import dev.slipway.worker.registry.LayerStore;
import dev.slipway.worker.runtime.ContainerRunner;
import dev.slipway.worker.snapshot.CacheMounts;
import dev.slipway.worker.snapshot.LayerDirectory;
import dev.slipway.worker.sync.PullThrough;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Builds a Dockerfile into an image in the layer-store: plans the stages the target needs, resolves base images,
 * answers steps from the cluster-wide cache, runs the others in overlayfs snapshots (RUN under runc), packs each
 * step's changes into a layer, and writes config and manifest under every requested tag. Thread-safe: one executor
 * runs many builds at once, each on its own thread.
 */
public final class BuildExecutor {

    private final Services services;

    /**
     * @param work a worker-owned directory for snapshots, blobs and cache mounts
     * @param stepTimeout the longest a RUN may take
     * @param pullThrough asked for base images the layer-store lacks
     * @param cacheMounts the directories of {@code RUN --mount=type=cache}
     * @param stageParallelism how many independent stages of one build may run at once (1: one after another)
     */
    public BuildExecutor(LayerStore registry, ContainerRunner runner, LayerDirectory layers, BuildCache cache,
                         Path work, Duration stepTimeout, PullThrough pullThrough, CacheMounts cacheMounts,
                         int stageParallelism) throws IOException {
        if (stageParallelism < 1) {
            throw new IllegalArgumentException("stage parallelism must be at least 1, not " + stageParallelism);
        }
        this.services = new Services(registry, runner, layers, cache, Files.createDirectories(work), stepTimeout,
                new BaseImages(registry, pullThrough), cacheMounts, stageParallelism);
    }

    /**
     * Runs a build to completion.
     *
     * @throws BuildFailedException with Docker's wording, the step, the Dockerfile line and a RUN's exit code
     * @throws IOException when the layer-store or the local disk fails
     */
    public BuildResult build(BuildRequest request, BuildListener listener, Cancellation cancellation)
            throws BuildFailedException, IOException {
        return new BuildRun(services, request, listener, cancellation).run();
    }

    /** The collaborators, for {@link Containers}. */
    Services services() {
        return services;
    }
}
