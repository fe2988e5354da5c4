package dev.slipway.deploy.check;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.common.oci.ImageReference;
import dev.slipway.common.oci.InvalidReferenceException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Workloads against the services they run: ports, probes, environment, data folders, replicas, disruption budgets,
 * and the Services and ServiceMonitor that lead to them.
 */
final class WorkloadCheck {
    /** Read by the JVM itself, not by the application's config. */
    private static final Set<String> JVM_ENV = Set.of("JAVA_TOOL_OPTIONS");
    private static final String LIVENESS = "/q/health/live";
    private static final String READINESS = "/q/health/ready";
    private static final String METRICS = "/q/metrics";

    private final RenderedManifests manifests;
    private final Map<String, ServiceFacts> services;
    private final List<Violation> out = new ArrayList<>();

    WorkloadCheck(RenderedManifests manifests, Map<String, ServiceFacts> services) {
        this.manifests = manifests;
        this.services = services;
    }

    List<Violation> run() {
        for (Pods.Workload w : Pods.workloads(manifests)) {
            checkPod(w);
            checkAvailability(w);
        }
        for (String module : services.keySet()) {
            if (Pods.running(manifests, module).isEmpty()) {
                out.add(new Violation(module, "no Deployment or StatefulSet runs this service"));
            }
        }
        manifests.ofKind("Service").forEach(this::checkService);
        manifests.ofKind("ServiceMonitor").forEach(this::checkServiceMonitor);
        return out;
    }

    private void checkPod(Pods.Workload w) {
        String id = w.owner().id();
        List<String> mounts = new ArrayList<>();
        for (JsonNode volume : w.podSpec().path("volumes")) {
            if (volume.has("hostPath")) {
                out.add(new Violation(id, "volume " + volume.path("name").asText() + " mounts a host path"));
            }
        }
        for (JsonNode c : w.podSpec().path("containers")) {
            String name = c.path("name").asText();
            ServiceFacts facts = services.get(name);
            if (facts == null) {
                out.add(new Violation(id, "container " + name + " is none of the services " + services.keySet()));
                continue;
            }
            c.path("volumeMounts").forEach(m -> mounts.add(m.path("mountPath").asText()));
            Map<String, JsonNode> env = new LinkedHashMap<>();
            c.path("env").forEach(e -> env.put(e.path("name").asText(), e));
            checkEnv(id, facts, env, mounts);
            int port = facts.httpPort();
            if (env.containsKey("QUARKUS_HTTP_PORT") && env.get("QUARKUS_HTTP_PORT").has("value")) {
                String value = env.get("QUARKUS_HTTP_PORT").path("value").asText();
                port = value.matches("\\d{1,5}") ? Integer.parseInt(value) : -1;
                if (port < 0) {
                    out.add(new Violation(id, "QUARKUS_HTTP_PORT=" + value + " is not a port number"));
                }
            }
            checkPortsAndProbes(id, c, port);
            checkImage(id, c, facts);
            for (String kind : new String[] {"requests", "limits"}) {
                for (String resource : new String[] {"cpu", "memory"}) {
                    if (!c.path("resources").path(kind).has(resource)) {
                        out.add(new Violation(id, name + " has no " + resource + " in resources." + kind));
                    }
                }
            }
        }
    }

    private void checkEnv(String id, ServiceFacts facts, Map<String, JsonNode> env, List<String> mounts) {
        for (Map.Entry<String, JsonNode> e : env.entrySet()) {
            if (!facts.reads(e.getKey()) && !JVM_ENV.contains(e.getKey())) {
                out.add(new Violation(id, "env " + e.getKey() + " is read by nothing in " + facts.module()));
            }
            String literal = e.getValue().path("value").asText("");
            if (literal.contains("127.0.0.1") || literal.contains("localhost")) {
                out.add(new Violation(id, "env " + e.getKey() + "=" + literal + " points at the pod's own loopback"));
            }
            checkReference(id, e.getKey(), e.getValue().path("valueFrom").path("configMapKeyRef"), "ConfigMap");
            checkReference(id, e.getKey(), e.getValue().path("valueFrom").path("secretKeyRef"), "Secret");
        }
        for (ServiceFacts.RequiredEnv required : facts.requiredEnv()) {
            if (required.anyOf().stream().noneMatch(env::containsKey)) {
                out.add(new Violation(id, facts.module() + " sets none of " + required.anyOf() + ", so "
                        + required.property() + " keeps its loopback default"));
            }
        }
        // Data folders default to $SLIPWAY_DATA/...: unless the pod sets every one of them, SLIPWAY_DATA must be mounted.
        boolean dataUsed = facts.dataSettings().stream().anyMatch(p -> !env.containsKey(ServiceFacts.envForm(p)));
        if (dataUsed) {
            String data = env.containsKey("SLIPWAY_DATA") ? env.get("SLIPWAY_DATA").path("value").asText("") : "";
            if (mounts.stream().noneMatch(m -> !data.isEmpty() && (data + "/").startsWith(m.endsWith("/") ? m : m + "/"))) {
                out.add(new Violation(id, facts.module() + " keeps data under SLIPWAY_DATA, which must be set to a "
                        + "mounted volume (is \"" + data + "\", mounts " + mounts + ")"));
            }
        }
    }

    /** A key taken from a ConfigMap or Secret rendered in this overlay must exist there (operator-provided: skip). */
    private void checkReference(String id, String env, JsonNode ref, String kind) {
        if (ref.isMissingNode() || ref.path("optional").asBoolean(false)) {
            return;
        }
        manifests.find(kind, ref.path("name").asText()).ifPresent(source -> {
            JsonNode data = source.tree().path("data");
            JsonNode stringData = source.tree().path("stringData");
            String key = ref.path("key").asText();
            if (!data.has(key) && !stringData.has(key)) {
                out.add(new Violation(id, "env " + env + " reads key " + key + " that " + source.id() + " lacks"));
            }
        });
    }

    /** The image must be the one Jib builds for this service (any registry and tag: overlays choose those). */
    private void checkImage(String id, JsonNode c, ServiceFacts facts) {
        String image = c.path("image").asText();
        try {
            ImageReference ref = ImageReference.parse(image);
            if (!ref.repository().equals(facts.image())) {
                out.add(new Violation(id, c.path("name").asText() + " runs image " + image + ", not "
                        + facts.image() + " (the image ./slipway images builds for " + facts.module() + ")"));
            }
        } catch (InvalidReferenceException e) {
            out.add(new Violation(id, c.path("name").asText() + " has no valid image reference: " + e.getMessage()));
        }
    }

    private void checkPortsAndProbes(String id, JsonNode c, int httpPort) {
        Map<String, Integer> named = new LinkedHashMap<>();
        c.path("ports").forEach(p -> named.put(p.path("name").asText(), p.path("containerPort").asInt()));
        if (!named.containsValue(httpPort)) {
            out.add(new Violation(id, c.path("name").asText() + " listens on " + httpPort
                    + " but declares container ports " + named.values()));
        }
        checkProbe(id, c, "livenessProbe", LIVENESS, httpPort, named);
        checkProbe(id, c, "readinessProbe", READINESS, httpPort, named);
    }

    private void checkProbe(String id, JsonNode c, String probe, String path, int httpPort,
            Map<String, Integer> named) {
        JsonNode get = c.path(probe).path("httpGet");
        if (get.isMissingNode()) {
            out.add(new Violation(id, c.path("name").asText() + " has no HTTP " + probe));
            return;
        }
        if (!get.path("path").asText().equals(path)) {
            out.add(new Violation(id, probe + " asks " + get.path("path").asText() + "; the service answers " + path));
        }
        JsonNode port = get.path("port");
        int resolved = port.isInt() ? port.asInt() : named.getOrDefault(port.asText(), -1);
        if (resolved != httpPort) {
            out.add(new Violation(id, probe + " goes to port " + port.asText() + " (" + resolved
                    + "); the service listens on " + httpPort));
        }
    }

    private void checkAvailability(Pods.Workload w) {
        Manifest owner = w.owner();
        int replicas = owner.tree().path("spec").path("replicas").asInt(1);
        if (owner.kind().equals("StatefulSet")) {
            // One replica until a shared blob backend exists: two pods would each see half of the blobs.
            if (replicas != 1) {
                out.add(new Violation(owner.id(), "runs " + replicas + " replicas; the blob store supports one"));
            }
            if (owner.tree().path("spec").path("volumeClaimTemplates").isEmpty()) {
                out.add(new Violation(owner.id(), "has no volumeClaimTemplate: its data would die with the pod"));
            }
            return;
        }
        boolean autoscaled = manifests.ofKind("ScaledObject").stream().anyMatch(
                s -> s.tree().path("spec").path("scaleTargetRef").path("name").asText().equals(owner.name()));
        if (autoscaled) {
            return;
        }
        if (replicas < 2) {
            out.add(new Violation(owner.id(), "runs " + replicas + " replica(s); a serving Deployment needs 2 or more"));
        }
        boolean budget = manifests.ofKind("PodDisruptionBudget").stream()
                .anyMatch(p -> Pods.selects(p.tree().path("spec").path("selector"), w.labels()));
        if (!budget) {
            out.add(new Violation(owner.id(), "no PodDisruptionBudget selects its pods"));
        }
    }

    private void checkService(Manifest service) {
        JsonNode selector = service.tree().path("spec").path("selector");
        List<Pods.Workload> targets = Pods.workloads(manifests).stream()
                .filter(w -> Pods.selects(selector, w.labels())).toList();
        if (targets.isEmpty()) {
            out.add(new Violation(service.id(), "selects no pods"));
            return;
        }
        for (JsonNode port : service.tree().path("spec").path("ports")) {
            JsonNode target = port.has("targetPort") ? port.get("targetPort") : port.get("port");
            for (Pods.Workload w : targets) {
                boolean found = false;
                for (JsonNode c : w.podSpec().path("containers")) {
                    for (JsonNode p : c.path("ports")) {
                        found |= target.isInt() ? p.path("containerPort").asInt() == target.asInt()
                                : p.path("name").asText().equals(target.asText());
                    }
                }
                if (!found) {
                    out.add(new Violation(service.id(), "targetPort " + target.asText() + " is no port of "
                            + w.owner().id()));
                }
            }
        }
    }

    private void checkServiceMonitor(Manifest monitor) {
        JsonNode selector = monitor.tree().path("spec").path("selector");
        List<Manifest> selected = manifests.ofKind("Service").stream()
                .filter(s -> Pods.selects(selector, Pods.strings(s.tree().path("metadata").path("labels")))).toList();
        if (selected.isEmpty()) {
            out.add(new Violation(monitor.id(), "selects no Service"));
        }
        for (JsonNode endpoint : monitor.tree().path("spec").path("endpoints")) {
            if (!endpoint.path("path").asText().equals(METRICS)) {
                out.add(new Violation(monitor.id(), "scrapes " + endpoint.path("path").asText()
                        + "; the services publish " + METRICS));
            }
            for (Manifest s : selected) {
                boolean found = false;
                for (JsonNode p : s.tree().path("spec").path("ports")) {
                    found |= p.path("name").asText().equals(endpoint.path("port").asText());
                }
                if (!found) {
                    out.add(new Violation(monitor.id(), "port " + endpoint.path("port").asText()
                            + " is not a port of " + s.id()));
                }
            }
        }
    }
}
