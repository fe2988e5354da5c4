package dev.slipway.worker.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts a real {@code docker-registry} for a {@code @QuarkusTest} and points the worker at it, with a throwaway
 * work directory. Kafka comes from {@code SLIPWAY_TEST_KAFKA} (provided by {@code ./slipway test}).
 */
public class RegistryResource implements QuarkusTestResourceLifecycleManager {

    /** The registry of the running test, for the test class to push contexts and pull images. */
    public static volatile LocalRegistry registry;
    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("bw-quarkus-test");
            registry = LocalRegistry.start(dir.resolve("registry"));
            return Map.of("worker.layer-store-url", registry.url(), "worker.work-dir", dir.resolve("worker").toString(),
                    "worker.heartbeat-interval", "1s");
        } catch (Exception e) {
            throw new IllegalStateException("cannot start docker-registry", e);
        }
    }

    @Override
    public void stop() {
        try {
            if (registry != null) {
                registry.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
