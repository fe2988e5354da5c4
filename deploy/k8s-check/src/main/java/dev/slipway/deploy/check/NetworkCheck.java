package dev.slipway.deploy.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The NetworkPolicies keep the farm's promises: ingress is denied by default; only api-gateway and layer-store
 * accept traffic from other namespaces (besides Prometheus scraping metrics); build-workers reach Kafka, the
 * layer-store and registry-sync, and never PostgreSQL.
 */
final class NetworkCheck {
    /** Pods that may be reached from outside the namespace. */
    private static final List<String> PUBLIC = List.of("api-gateway", "layer-store");
    private static final String WORKER = "build-worker";
    private static final int POSTGRES_PORT = 5432;

    private final RenderedManifests manifests;
    private final Map<String, ServiceFacts> services;
    private final List<Violation> out = new ArrayList<>();

    NetworkCheck(RenderedManifests manifests, Map<String, ServiceFacts> services) {
        this.manifests = manifests;
        this.services = services;
    }

    List<Violation> run() {
        List<Manifest> policies = manifests.ofKind("NetworkPolicy");
        boolean defaultDeny = policies.stream().anyMatch(p -> p.tree().path("spec").path("podSelector").isEmpty()
                && types(p).contains("Ingress") && p.tree().path("spec").path("ingress").isEmpty());
        if (!defaultDeny) {
            out.add(new Violation("NetworkPolicy", "no default-deny ingress policy for the namespace"));
        }
        policies.forEach(this::checkIngress);
        if (services.containsKey(WORKER)) {
            checkWorkerEgress(policies);
        }
        return out;
    }

    private void checkIngress(Manifest policy) {
        JsonNode spec = policy.tree().path("spec");
        for (JsonNode rule : spec.path("ingress")) {
            if (!fromOutside(rule)) {
                continue;
            }
            JsonNode selector = spec.path("podSelector");
            if (selector.isEmpty()) {
                out.add(new Violation(policy.id(), "admits traffic from outside the namespace to every pod; only "
                        + PUBLIC + " may accept it"));
                continue;
            }
            // The farm's own workloads; pods an operator creates (a CNPG cluster's) answer to their operator.
            for (Pods.Workload w : Pods.workloads(manifests)) {
                if (Pods.selects(selector, w.labels()) && !PUBLIC.contains(w.owner().name())) {
                    out.add(new Violation(policy.id(), "admits traffic from outside the namespace to "
                            + w.owner().name() + "; only " + PUBLIC + " may accept it"));
                }
            }
        }
    }

    /** Whether a rule admits peers outside the namespace (Prometheus scraping metrics excepted). */
    private static boolean fromOutside(JsonNode rule) {
        if (rule.path("from").isEmpty()) {
            return true;
        }
        for (JsonNode peer : rule.path("from")) {
            boolean prometheus = peer.has("namespaceSelector") && "prometheus".equals(
                    peer.path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText(null));
            if (peer.has("ipBlock") || (peer.has("namespaceSelector") && !prometheus)) {
                return true;
            }
        }
        return false;
    }

    private void checkWorkerEgress(List<Manifest> policies) {
        List<Pods.Workload> workers = Pods.running(manifests, WORKER);
        if (workers.isEmpty()) {
            return; // WorkloadCheck reports the missing workload
        }
        Pods.Workload worker = workers.get(0);
        List<JsonNode> rules = new ArrayList<>();
        boolean restricted = false;
        for (Manifest p : policies) {
            if (types(p).contains("Egress") && Pods.selects(p.tree().path("spec").path("podSelector"), worker.labels())) {
                restricted = true;
                p.tree().path("spec").path("egress").forEach(rules::add);
            }
        }
        if (!restricted) {
            out.add(new Violation(worker.owner().id(), "no egress policy: workers could reach PostgreSQL"));
            return;
        }
        for (JsonNode rule : rules) {
            if (allowsPort(rule, POSTGRES_PORT) && !onlyFarmPods(rule)) {
                out.add(new Violation(worker.owner().id(), "an egress rule lets workers reach port " + POSTGRES_PORT
                        + " (PostgreSQL): " + rule));
            }
            for (JsonNode peer : rule.path("to")) {
                if (peer.path("podSelector").toString().matches("(?i).*(cnpg|postgres).*")) {
                    out.add(new Violation(worker.owner().id(), "an egress rule selects database pods: " + peer));
                }
            }
        }
        for (String target : List.of("layer-store", "registry-sync")) {
            ServiceFacts facts = services.get(target);
            Optional<Pods.Workload> pods = Pods.running(manifests, target).stream().findFirst();
            if (facts == null || pods.isEmpty()) {
                continue;
            }
            boolean reached = rules.stream().anyMatch(r -> allowsPort(r, facts.httpPort())
                    && (r.path("to").isEmpty() || selectsPods(r, pods.get().labels())));
            if (!reached) {
                out.add(new Violation(worker.owner().id(), "egress does not allow " + target + " on port "
                        + facts.httpPort()));
            }
        }
        for (int port : kafkaPorts(worker)) {
            if (rules.stream().noneMatch(r -> allowsPort(r, port))) {
                out.add(new Violation(worker.owner().id(), "egress does not allow the Kafka bootstrap port " + port));
            }
        }
    }

    /** Ports of the bootstrap address the worker is given (SLIPWAY_KAFKA, literal or from a rendered ConfigMap). */
    private List<Integer> kafkaPorts(Pods.Workload worker) {
        List<Integer> ports = new ArrayList<>();
        for (JsonNode c : worker.podSpec().path("containers")) {
            for (JsonNode e : c.path("env")) {
                if (!e.path("name").asText().equals("SLIPWAY_KAFKA")) {
                    continue;
                }
                String value = e.path("value").asText("");
                JsonNode ref = e.path("valueFrom").path("configMapKeyRef");
                if (!ref.isMissingNode()) {
                    value = manifests.find("ConfigMap", ref.path("name").asText())
                            .map(cm -> cm.tree().path("data").path(ref.path("key").asText()).asText("")).orElse("");
                }
                for (String address : value.split(",")) {
                    String port = address.substring(address.lastIndexOf(':') + 1).trim();
                    if (port.matches("\\d{1,5}")) {
                        ports.add(Integer.parseInt(port));
                    } else {
                        out.add(new Violation(worker.owner().id(), "Kafka bootstrap address " + address.trim()
                                + " has no port"));
                    }
                }
            }
        }
        return ports;
    }

    private boolean onlyFarmPods(JsonNode rule) {
        if (rule.path("to").isEmpty()) {
            return false;
        }
        for (JsonNode peer : rule.path("to")) {
            if (!peer.has("podSelector") || peer.has("namespaceSelector") || peer.has("ipBlock")) {
                return false;
            }
            boolean farm = Pods.workloads(manifests).stream()
                    .anyMatch(w -> Pods.selects(peer.get("podSelector"), w.labels()));
            if (!farm || peer.get("podSelector").isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /**
     * @return whether the policies let pods of {@code from} open connections to pods of {@code to} on {@code port}
     *         (both in this namespace): {@code from}'s egress, if restricted, and {@code to}'s ingress, if
     *         restricted, each have a rule for that port and peer
     */
    static boolean reaches(RenderedManifests manifests, Pods.Workload from, Pods.Workload to, int port) {
        return allowed(manifests, "Egress", from, "to", to, port) && allowed(manifests, "Ingress", to, "from", from, port);
    }

    private static boolean allowed(RenderedManifests manifests, String type, Pods.Workload subject, String peerField,
            Pods.Workload peer, int port) {
        boolean restricted = false;
        for (Manifest p : manifests.ofKind("NetworkPolicy")) {
            if (!types(p).contains(type) || !Pods.selects(p.tree().path("spec").path("podSelector"), subject.labels())) {
                continue;
            }
            restricted = true;
            for (JsonNode rule : p.tree().path("spec").path(type.toLowerCase(Locale.ROOT))) {
                if (allowsPort(rule, port) && (rule.path(peerField).isEmpty()
                        || selectsPods(rule, peerField, peer.labels()))) {
                    return true;
                }
            }
        }
        return !restricted;
    }

    private static boolean selectsPods(JsonNode rule, Map<String, String> labels) {
        return selectsPods(rule, "to", labels);
    }

    private static boolean selectsPods(JsonNode rule, String peerField, Map<String, String> labels) {
        for (JsonNode peer : rule.path(peerField)) {
            if (peer.has("podSelector") && !peer.has("namespaceSelector") && Pods.selects(peer.get("podSelector"), labels)) {
                return true;
            }
        }
        return false;
    }

    private static boolean allowsPort(JsonNode rule, int port) {
        if (rule.path("ports").isEmpty()) {
            return true;
        }
        for (JsonNode p : rule.path("ports")) {
            int from = p.path("port").asInt(-1);
            int to = p.path("endPort").asInt(from);
            if (!p.has("port") || (port >= from && port <= to)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> types(Manifest policy) {
        List<String> types = new ArrayList<>();
        policy.tree().path("spec").path("policyTypes").forEach(t -> types.add(t.asText()));
        return types;
    }
}
