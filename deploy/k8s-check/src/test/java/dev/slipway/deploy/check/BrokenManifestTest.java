package dev.slipway.deploy.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks can fail: each test breaks one thing in a rendered overlay that passes, and expects exactly that
 * problem to be reported.
 */
class BrokenManifestTest {

    private static List<String> violations(RenderedManifests manifests) {
        return ManifestCheck.check(manifests, Farm.services()).violations().stream().map(Violation::toString).toList();
    }

    private static List<String> breakProduction(String kind, String name, UnaryOperator<ObjectNode> change) {
        RenderedManifests production = Farm.render("overlays/production");
        assertThat(violations(production)).as("the unbroken overlay").isEmpty();
        return violations(production.with(kind, name, change));
    }

    private static ObjectNode container(ObjectNode workload) {
        return (ObjectNode) workload.with("spec").with("template").with("spec").withArray("containers").get(0);
    }

    private static ObjectNode env(ObjectNode workload, String name) {
        for (var e : container(workload).withArray("env")) {
            if (e.path("name").asText().equals(name)) {
                return (ObjectNode) e;
            }
        }
        throw new AssertionError("no env " + name);
    }

    private static void removeEnv(ObjectNode workload, String name) {
        ArrayNode envs = container(workload).withArray("env");
        for (int i = 0; i < envs.size(); i++) {
            if (envs.get(i).path("name").asText().equals(name)) {
                envs.remove(i);
                return;
            }
        }
        throw new AssertionError("no env " + name);
    }

    @Test
    void unknownFieldInADeploymentFails() {
        assertThat(breakProduction("Deployment", "api-gateway", d -> {
            container(d).put("imagePullPolize", "Always");
            return d;
        })).anyMatch(v -> v.contains("Deployment/api-gateway") && v.contains("imagePullPolize"));
    }

    @Test
    void numberWhereTheApiWantsAStringFails() {
        assertThat(breakProduction("Deployment", "registry-sync", d -> {
            env(d, "QUARKUS_HTTP_PORT").put("value", 8082);
            return d;
        })).anyMatch(v -> v.contains("not a valid Deployment") && v.contains("value"));
    }

    @Test
    void imageOfAnotherNameThanTheServicesFails() {
        assertThat(breakProduction("Deployment", "api-gateway", d -> {
            container(d).put("image", "registry.example.com/slipway/gateway:0.1.0");
            return d;
        })).contains("Deployment/api-gateway: api-gateway runs image registry.example.com/slipway/gateway:0.1.0, not "
                + "slipway/api-gateway (the image ./slipway images builds for api-gateway)");
    }

    @Test
    void probeOnAPathTheServiceDoesNotAnswerFails() {
        assertThat(breakProduction("StatefulSet", "layer-store", s -> {
            container(s).with("readinessProbe").with("httpGet").put("path", "/healthz");
            return s;
        })).anyMatch(v -> v.contains("readinessProbe asks /healthz"));
    }

    @Test
    void containerPortOtherThanTheServicePortFails() {
        assertThat(breakProduction("Deployment", "api-gateway", d -> {
            ((ObjectNode) container(d).withArray("ports").get(0)).put("containerPort", 8081);
            return d;
        })).anyMatch(v -> v.contains("listens on 8080"));
    }

    @Test
    void envNameNoServiceReadsFails() {
        assertThat(breakProduction("Deployment", "build-worker", d -> {
            env(d, "WORKER_LAYER_STORE_URL").put("name", "LAYER_STORE_URL");
            return d;
        })).anyMatch(v -> v.contains("env LAYER_STORE_URL is read by nothing in build-worker"))
                .anyMatch(v -> v.contains("worker.layer-store-url keeps its loopback default"));
    }

    @Test
    void missingHostOverrideLeavesTheServiceOnLoopbackAndFails() {
        assertThat(breakProduction("Deployment", "api-gateway", d -> {
            ArrayNode envs = container(d).withArray("env");
            envs.remove(0); // QUARKUS_HTTP_HOST
            return d;
        })).anyMatch(v -> v.contains("quarkus.http.host keeps its loopback default"));
    }

    @Test
    void unknownFieldInTheScaledObjectFailsAgainstKedasSchema() {
        assertThat(breakProduction("ScaledObject", "build-worker", s -> {
            s.with("spec").put("maxReplicas", 4);
            return s;
        })).anyMatch(v -> v.contains("spec.maxReplicas: unknown field"));
    }

    @Test
    void autoscalerOnAnotherConsumerGroupFails() {
        assertThat(breakProduction("ScaledObject", "build-worker", s -> {
            ((ObjectNode) s.with("spec").withArray("triggers").get(0).with("metadata")).put("consumerGroup", "workers");
            return s;
        })).anyMatch(v -> v.contains("watches consumer group workers"));
    }

    @Test
    void autoscalerReadingAnUnsetVariableFails() {
        assertThat(breakProduction("ScaledObject", "build-worker", s -> {
            ((ObjectNode) s.with("spec").withArray("triggers").get(0).with("metadata"))
                    .put("bootstrapServersFromEnv", "KAFKA_BOOTSTRAP");
            return s;
        })).anyMatch(v -> v.contains("bootstrapServersFromEnv names KAFKA_BOOTSTRAP"));
    }

    @Test
    void workerEgressToPostgresFails() {
        assertThat(breakProduction("NetworkPolicy", "build-worker-egress", p -> {
            p.with("spec").withArray("egress").addObject().withArray("ports").addObject().put("port", 5432);
            return p;
        })).anyMatch(v -> v.contains("PostgreSQL"));
    }

    @Test
    void internalServiceOpenToOtherNamespacesFails() {
        assertThat(breakProduction("NetworkPolicy", "registry-sync-ingress", p -> {
            ((ObjectNode) p.with("spec").withArray("ingress").get(0).withArray("from").get(0))
                    .putObject("namespaceSelector");
            return p;
        })).anyMatch(v -> v.contains("outside the namespace to registry-sync"));
    }

    @Test
    void singleGatewayWithoutDisruptionBudgetFails() {
        assertThat(breakProduction("Deployment", "api-gateway", d -> {
            d.with("spec").put("replicas", 1);
            return d;
        })).anyMatch(v -> v.contains("needs 2 or more"));
    }

    @Test
    void dataFolderOutsideTheVolumeFails() {
        assertThat(breakProduction("StatefulSet", "layer-store", s -> {
            env(s, "SLIPWAY_DATA").put("value", "/data");
            return s;
        })).containsExactly("StatefulSet/layer-store: layer-store keeps data under SLIPWAY_DATA, which must be set to a "
                + "mounted volume (is \"/data\", mounts [/var/lib/slipway, /tmp])");
    }

    @Test
    void layerStoreWithoutJwksUrlFails() {
        assertThat(breakProduction("StatefulSet", "layer-store", s -> {
            removeEnv(s, "LAYERSTORE_AUTH_JWKS_URL");
            return s;
        })).contains("StatefulSet/layer-store: layer-store sets none of [LAYERSTORE_AUTH_JWKS_URL], so "
                + "layerstore.auth.jwks-url keeps its loopback default");
    }

    @Test
    void jwksUrlOfAServiceThatIsNotTheGatewayFails() {
        assertThat(breakProduction("StatefulSet", "layer-store", s -> {
            env(s, "LAYERSTORE_AUTH_JWKS_URL").put("value", "http://registry-sync:8082/api/v1/token/keys");
            return s;
        })).containsExactly("StatefulSet/layer-store: LAYERSTORE_AUTH_JWKS_URL=http://registry-sync:8082/api/v1/token/keys"
                + " leads to Service/registry-sync, which does not select the api-gateway pods");
    }

    @Test
    void loopbackRealmFailsBecauseTheRobotsInsideFollowIt() {
        assertThat(breakProduction("ConfigMap", "slipway-config", c -> {
            c.with("data").put("registry.auth.realm", "http://127.0.0.1:8080/api/v1/token");
            return c;
        })).containsExactly("StatefulSet/layer-store: LAYERSTORE_AUTH_REALM=http://127.0.0.1:8080/api/v1/token is "
                + "loopback: [build-worker, registry-sync] follow the realm from their pods, where it is their own loopback");
    }

    @Test
    void registrySwitchedOpenFails() {
        assertThat(breakProduction("StatefulSet", "layer-store", s -> {
            container(s).withArray("env").addObject().put("name", "LAYERSTORE_AUTH_ENABLED").put("value", "false");
            return s;
        })).containsExactly("StatefulSet/layer-store: LAYERSTORE_AUTH_ENABLED=false: anyone reaching /v2 could push "
                + "into any namespace");
    }

    @Test
    void workerPasswordFileThatNoSecretProvidesFails() {
        assertThat(breakProduction("Deployment", "build-worker", d -> {
            env(d, "WORKER_LAYER_STORE_PASSWORD_FILE").put("value", "/var/lib/slipway/robots/build-worker.token");
            return d;
        })).containsExactly("Deployment/build-worker: WORKER_LAYER_STORE_PASSWORD_FILE="
                + "/var/lib/slipway/robots/build-worker.token is not a file any Secret volume of build-worker provides");
    }

    @Test
    void workerPasswordFileOutsideTheSecretsItemsFails() {
        assertThat(breakProduction("Deployment", "build-worker", d -> {
            env(d, "WORKER_LAYER_STORE_PASSWORD_FILE").put("value", "/etc/slipway/robot/registry-sync.token");
            return d;
        })).containsExactly("Deployment/build-worker: WORKER_LAYER_STORE_PASSWORD_FILE="
                + "/etc/slipway/robot/registry-sync.token is not a file any Secret volume of build-worker provides");
    }

    @Test
    void syncWithoutPasswordFileFails() {
        assertThat(breakProduction("Deployment", "registry-sync", d -> {
            removeEnv(d, "SYNC_LAYER_STORE_PASSWORD_FILE");
            return d;
        })).contains("Deployment/registry-sync: registry-sync sets no SYNC_LAYER_STORE_PASSWORD_FILE, so "
                + "sync.layer-store.password-file names a file in the pod's own data folder that nothing writes");
    }

    @Test
    void gatewayKeysOnAPerPodVolumeFail() {
        assertThat(breakProduction("Deployment", "api-gateway", d -> {
            env(d, "GATEWAY_AUTH_KEY_DIR").put("value", "/var/lib/slipway/gateway/token-keys");
            return d;
        })).containsExactly("Deployment/api-gateway: GATEWAY_AUTH_KEY_DIR=/var/lib/slipway/gateway/token-keys is not "
                + "the mount of a Secret volume: the replicas would not share one signing key");
        assertThat(breakProduction("Deployment", "api-gateway", d -> {
            removeEnv(d, "GATEWAY_AUTH_KEY_DIR");
            return d;
        })).anyMatch(v -> v.startsWith("Deployment/api-gateway: sets no GATEWAY_AUTH_KEY_DIR"));
    }

    @Test
    void robotTokenTheGatewayDoesNotKnowFails() {
        assertThat(breakProduction("Deployment", "api-gateway", d -> {
            ((ObjectNode) env(d, "GATEWAY_AUTH_SYSTEM_ROBOTS_REGISTRY_SYNC_TOKEN").with("valueFrom").with("secretKeyRef"))
                    .put("key", "build-worker.token");
            return d;
        })).containsExactly("Deployment/api-gateway: GATEWAY_AUTH_SYSTEM_ROBOTS_REGISTRY_SYNC_TOKEN comes from Secret "
                + "slipway-registry-auth key build-worker.token, but registry-sync logs in with Secret "
                + "slipway-registry-auth key registry-sync.token");
        assertThat(breakProduction("Deployment", "api-gateway", d -> {
            removeEnv(d, "GATEWAY_AUTH_SYSTEM_ROBOTS_BUILD_WORKER_TOKEN");
            return d;
        })).containsExactly("Deployment/api-gateway: takes no GATEWAY_AUTH_SYSTEM_ROBOTS_BUILD_WORKER_TOKEN from a "
                + "Secret: it would generate a token for robot$build-worker that differs from the one build-worker "
                + "logs in with (Secret slipway-registry-auth key build-worker.token)");
    }

    @Test
    void workerEgressWithoutTheGatewayFails() {
        assertThat(breakProduction("NetworkPolicy", "build-worker-egress", p -> {
            ArrayNode rules = p.with("spec").withArray("egress");
            for (int i = 0; i < rules.size(); i++) {
                if (rules.get(i).toString().contains("api-gateway")) {
                    rules.remove(i);
                    return p;
                }
            }
            throw new AssertionError("no egress rule to the gateway");
        })).containsExactly("Deployment/build-worker: the network policies do not let it reach api-gateway on port "
                + "8080 to fetch its registry tokens");
    }

    @Test
    void gatewayClosedToTheLayerStoreFails() {
        assertThat(breakProduction("NetworkPolicy", "api-gateway-ingress", p -> {
            // An operator admitting only the ingress controller forgets the farm's own callers.
            ((ObjectNode) p.with("spec").withArray("ingress").get(0)).putArray("from").addObject()
                    .putObject("namespaceSelector").putObject("matchLabels")
                    .put("kubernetes.io/metadata.name", "ingress-nginx");
            return p;
        })).contains("StatefulSet/layer-store: the network policies do not let it reach api-gateway on port 8080 to "
                + "read the token keys");
    }

    @Test
    void strimziTopicWithWrongPartitionsOrUnknownFieldFails() {
        RenderedManifests dev = Farm.render("overlays/dev");
        List<String> found = violations(dev
                .with("KafkaTopic", "slipway-job-control", t -> {
                    t.with("spec").put("partitions", 3);
                    return t;
                })
                .with("KafkaTopic", "slipway-jobs-build", t -> {
                    t.with("spec").put("partition", 12);
                    return t;
                }));

        assertThat(found).anyMatch(v -> v.contains("slipway.job-control has 3 partitions; the farm needs 1"))
                .anyMatch(v -> v.contains("not a valid KafkaTopic") && v.contains("partition"));
    }

    @Test
    void kindWithoutModelOrSchemaFails() {
        RenderedManifests production = Farm.render("overlays/production");
        ObjectNode unknown = production.find("ConfigMap", "slipway-config").orElseThrow().body();
        unknown.put("apiVersion", "example.com/v1").put("kind", "Widget");
        List<Manifest> docs = new java.util.ArrayList<>(production.documents());
        docs.add(Manifest.of(unknown));

        assertThat(violations(new RenderedManifests("broken", docs)))
                .anyMatch(v -> v.contains("no model or published schema for example.com/v1/Widget"));
    }

    /** The whole path: a broken patch file in a copy of deploy/k8s, rendered by kustomize, fails the check. */
    @Test
    void brokenPatchFileFailsEndToEnd(@TempDir Path tmp) throws IOException {
        Path copy = tmp.resolve("k8s");
        copyTree(Farm.root().resolve("deploy/k8s"), copy);
        Path patches = copy.resolve("overlays/production/patches.yaml");
        Files.writeString(patches, Files.readString(patches).replace(
                "kafka.bootstrap: kafka-bootstrap.kafka.svc:9092", "kafka.bootstrap: kafka-bootstrap.kafka.svc:19092"));

        RenderedManifests broken = RenderedManifests.parse("broken", Kustomize.build(copy.resolve("overlays/production")));

        assertThat(violations(broken)).containsExactly(
                "Deployment/build-worker: egress does not allow the Kafka bootstrap port 19092");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
