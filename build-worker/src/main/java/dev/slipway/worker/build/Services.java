package dev.slipway.worker.build;

import dev.slipway.worker.cache.BuildCache;
import dev.slipway.worker.registry.LayerStore;
import dev.slipway.worker.runtime.ContainerRunner;
import dev.slipway.worker.snapshot.CacheMounts;
import dev.slipway.worker.snapshot.LayerDirectory;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The worker-wide collaborators every build uses.
 *
 * @param stageParallelism how many independent stages of one build may run at once
 */
record Services(LayerStore registry, ContainerRunner runner, LayerDirectory layers, BuildCache cache, Path work,
                Duration stepTimeout, BaseImages baseImages, CacheMounts cacheMounts, int stageParallelism) {
}
