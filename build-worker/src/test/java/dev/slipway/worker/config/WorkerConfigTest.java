package dev.slipway.worker.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The URL defaults follow what {@code ./slipway up} passes in the environment. */
class WorkerConfigTest {

    private static WorkerConfig config(Map<String, String> values) {
        // the expression interceptor is what expands ${SLIPWAY_...:default} inside @WithDefault, as in Quarkus
        SmallRyeConfig c = new SmallRyeConfigBuilder().addDefaultInterceptors().withMapping(WorkerConfig.class)
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(values, "test", 500)).build();
        return c.getConfigMapping(WorkerConfig.class);
    }

    @Test
    void urlsComeFromSlipwayUpsVariables() {
        WorkerConfig c = config(Map.of("SLIPWAY_LAYER_STORE_URL", "http://127.0.0.1:15000",
                "SLIPWAY_REGISTRY_SYNC_URL", "http://127.0.0.1:18082"));
        assertThat(c.layerStoreUrl()).isEqualTo(URI.create("http://127.0.0.1:15000"));
        assertThat(c.registrySyncUrl()).isEqualTo(URI.create("http://127.0.0.1:18082"));
    }

    @Test
    void withoutThemTheLocalFarmsPortsAndSizeBoundsApply() {
        WorkerConfig c = config(Map.of("worker.cache-mounts.max-size", "512M"));
        assertThat(c.layerStoreUrl()).isEqualTo(URI.create("http://127.0.0.1:5000"));
        assertThat(c.registrySyncUrl()).isEqualTo(URI.create("http://127.0.0.1:8082"));
        assertThat(c.layerCache().maxSize().asLongValue()).isEqualTo(20L << 30);
        assertThat(c.cacheMounts().maxSize().asLongValue()).isEqualTo(512L << 20);
    }

    @Test
    void theLayerStoreLoginIsTheBuildWorkerRobotWithItsTokenFileUnderTheDataFolder() {
        WorkerConfig c = config(Map.of("SLIPWAY_DATA", "/var/lib/slipway"));
        assertThat(c.layerStore().username()).isEqualTo("robot$build-worker");
        assertThat(c.layerStore().passwordFile()).isEqualTo(Path.of("/var/lib/slipway/robots/build-worker.token"));
        WorkerConfig k8s = config(Map.of("worker.layer-store.username", "robot$farm-a",
                "worker.layer-store.password-file", "/run/secrets/robot-token"));
        assertThat(k8s.layerStore().username()).isEqualTo("robot$farm-a");
        assertThat(k8s.layerStore().passwordFile()).isEqualTo(Path.of("/run/secrets/robot-token"));
    }

    @Test
    void anExplicitPropertyWinsOverTheVariable() {
        WorkerConfig c = config(Map.of("SLIPWAY_LAYER_STORE_URL", "http://127.0.0.1:15000",
                "worker.layer-store-url", "http://layer-store:5000"));
        assertThat(c.layerStoreUrl()).isEqualTo(URI.create("http://layer-store:5000"));
    }
}
