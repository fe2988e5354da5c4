package dev.slipway.worker.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts the real layer-store (registry and build-cache API) and a registry-sync stand-in for a {@code @QuarkusTest} and points the worker at
 * them, with a throwaway work directory. Kafka comes from {@code SLIPWAY_TEST_KAFKA} (provided by {@code ./slipway test}).
 */
public class RegistryResource implements QuarkusTestResourceLifecycleManager {

    /** The registry of the running test, for the test class to push contexts and pull images. */
    public static volatile LocalLayerStore registry;
    /** registry-sync's stand-in: pull-through never reaches a farm that may run on this machine. */
    public static volatile RegistrySyncStub sync;
    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("bw-quarkus-test");
            registry = LocalLayerStore.start(dir.resolve("registry"));
            sync = new RegistrySyncStub();
            return Map.of("worker.layer-store-url", registry.url(), "worker.registry-sync-url", sync.url(),
                    "worker.work-dir", dir.resolve("worker").toString(), "worker.heartbeat-interval", "1s");
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the layer-store", e);
        }
    }

    @Override
    public void stop() {
        if (sync != null) {
            sync.close();
        }
        try {
            if (registry != null) {
                registry.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
