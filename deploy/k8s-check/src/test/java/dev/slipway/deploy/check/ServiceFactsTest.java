package dev.slipway.deploy.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a service reads is taken from its properties and its @ConfigMapping interfaces. */
class ServiceFactsTest {

    @Test
    void readsPlaceholdersPropertiesAndConfigMappingLeaves(@TempDir Path root) throws IOException {
        Path module = root.resolve("svc");
        Files.createDirectories(module.resolve("src/main/resources"));
        Files.writeString(module.resolve("src/main/resources/application.properties"), """
                quarkus.http.host=127.0.0.1
                quarkus.http.port=7000
                %test.quarkus.http.port=0
                kafka.bootstrap.servers=${SVC_KAFKA:127.0.0.1:9092}
                mp.messaging.incoming.jobs.topic=t.jobs
                mp.messaging.incoming.jobs.group.id=g.jobs
                mp.messaging.outgoing.events.topic=t.events
                svc.store.password-file=${SLIPWAY_DATA:.svc}/robots/svc.token
                quarkus.container-image.group=acme
                quarkus.jib.base-jvm-image=${quarkus.container-image.registry:127.0.0.1:5000}/acme/base:1
                """);
        Path pkg = module.resolve("src/main/java/x");
        Files.createDirectories(pkg);
        Files.writeString(pkg.resolve("Cfg.java"), """
                package x;
                /** Config. */
                @ConfigMapping(prefix = "svc")
                public interface Cfg {
                    /** Where the registry is ("}" in a comment). */
                    @WithDefault("http://127.0.0.1:5000")
                    URI layerStoreUrl();

                    @WithDefault("${SVC_DATA:.svc}/work")
                    Path workDir();

                    @WithDefault("${SLIPWAY_DATA:.svc}/cache")
                    Path cacheDir();

                    Store store();

                    Robots robots();

                    Map<String, Upstream> upstreams();

                    Limits limits();

                    interface Limits {
                        @WithDefault("2")
                        int maxJobs();
                    }

                    interface Upstream {
                        URI url();
                    }

                    interface Store {
                        Optional<Path> passwordFile();
                    }

                    interface Robots {
                        Robot buildWorker();
                    }

                    interface Robot {
                        Optional<String> token();
                    }
                }
                """);

        ServiceFacts facts = ServiceFacts.read(root, "svc");

        assertThat(facts.httpPort()).isEqualTo(7000);
        assertThat(facts.envNames()).contains("QUARKUS_HTTP_HOST", "SVC_KAFKA", "KAFKA_BOOTSTRAP_SERVERS",
                "SVC_LAYER_STORE_URL", "SVC_WORK_DIR", "SVC_DATA", "SVC_LIMITS_MAX_JOBS")
                .doesNotContain("SVC_UPSTREAMS", "SVC_UPSTREAM_URL", "SVC_LIMITS");
        assertThat(facts.reads("KAFKA_SASL_JAAS_CONFIG")).isTrue();
        // Nested config groups become env names too (a Secret's token reaches the gateway this way).
        assertThat(facts.envNames()).contains("SVC_ROBOTS_BUILD_WORKER_TOKEN", "SVC_STORE_PASSWORD_FILE");
        // Under $SLIPWAY_DATA by default: a pod must mount SLIPWAY_DATA unless it sets each of them.
        assertThat(facts.dataSettings()).containsExactlyInAnyOrder("svc.cache-dir", "svc.store.password-file");
        assertThat(facts.secretFiles()).containsExactly("svc.store.password-file");
        assertThat(facts.consumerGroups()).containsExactly(java.util.Map.entry("t.jobs", "g.jobs"));
        assertThat(facts.topics()).containsExactlyInAnyOrder("t.jobs", "t.events");
        assertThat(facts.requiredEnv()).extracting(ServiceFacts.RequiredEnv::property)
                .containsExactlyInAnyOrder("quarkus.http.host", "kafka.bootstrap.servers", "svc.layer-store-url");
        // The image's settings are the build's: the pod neither reads nor must override them.
        assertThat(facts.envNames()).noneMatch(n -> n.startsWith("QUARKUS_JIB_") || n.startsWith("QUARKUS_CONTAINER"));
        assertThat(facts.image().value()).isEqualTo("acme/svc");
    }

    @Test
    void aServiceWithoutImageGroupIsRefused(@TempDir Path root) throws IOException {
        Path module = root.resolve("svc");
        Files.createDirectories(module.resolve("src/main/resources"));
        Files.writeString(module.resolve("src/main/resources/application.properties"), """
                quarkus.http.port=7000
                quarkus.container-image.name=other
                """);

        assertThatThrownBy(() -> ServiceFacts.read(root, "svc"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("quarkus.container-image.group");
    }
}
