package dev.slipway.worker.job;

import dev.slipway.registry.client.CredentialsProvider;
import dev.slipway.worker.build.BuildExecutor;
import dev.slipway.worker.cache.BuildCache;
import dev.slipway.worker.config.WorkerConfig;
import dev.slipway.worker.registry.LayerStore;
import dev.slipway.worker.runtime.ContainerRunner;
import dev.slipway.worker.snapshot.CacheMounts;
import dev.slipway.worker.snapshot.LayerDirectory;
import dev.slipway.worker.sync.PullThrough;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Builds the worker's long-lived collaborators from {@link WorkerConfig}. */
public class WorkerBeans {

    @Produces
    @Singleton
    LayerStore layerStore(WorkerConfig config) {
        WorkerConfig.LayerStoreLogin login = config.layerStore();
        return LayerStore.connect(config.layerStoreUrl(),
                CredentialsProvider.passwordFile(login.username(), login.passwordFile()));
    }

    @Produces
    @Singleton
    BuildExecutor buildExecutor(WorkerConfig config, LayerStore registry) {
        Path work = config.workDir().toAbsolutePath();
        try {
            return new BuildExecutor(registry, new ContainerRunner(work.resolve("runtime")),
                    new LayerDirectory(work.resolve("layers"), config.layerCache().maxSize().asLongValue()),
                    BuildCache.inLayerStore(config.layerStoreUrl(), registry), work, config.stepTimeout(),
                    new PullThrough(config.registrySyncUrl(), config.pullThroughTimeout()),
                    new CacheMounts(work.resolve("cache-mounts"), config.cacheMounts().maxSize().asLongValue()),
                    config.stageParallelism());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the worker directory " + work, e);
        }
    }
}
