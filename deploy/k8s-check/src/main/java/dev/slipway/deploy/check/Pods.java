package dev.slipway.deploy.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Helpers shared by the cross-checks: pod templates, labels and selectors of rendered workloads. */
final class Pods {
    /** A workload's pod template. */
    record Workload(Manifest owner, JsonNode podSpec, Map<String, String> labels) {
    }

    private Pods() {
    }

    /** @return the pod template of every Deployment and StatefulSet */
    static List<Workload> workloads(RenderedManifests manifests) {
        List<Workload> out = new ArrayList<>();
        for (Manifest m : manifests.documents()) {
            if (m.kind().equals("Deployment") || m.kind().equals("StatefulSet")) {
                JsonNode template = m.tree().path("spec").path("template");
                out.add(new Workload(m, template.path("spec"), strings(template.path("metadata").path("labels"))));
            }
        }
        return out;
    }

    /** @return the workload whose containers include one of that name */
    static List<Workload> running(RenderedManifests manifests, String container) {
        return workloads(manifests).stream().filter(w -> {
            for (JsonNode c : w.podSpec().path("containers")) {
                if (c.path("name").asText().equals(container)) {
                    return true;
                }
            }
            return false;
        }).toList();
    }

    /** @return a JSON object of strings as a map */
    static Map<String, String> strings(JsonNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /**
     * A Kubernetes LabelSelector (matchLabels and matchExpressions with In/NotIn/Exists/DoesNotExist), or a plain
     * map selector as Services use.
     *
     * @return whether {@code selector} selects an object with {@code labels}; an empty selector selects everything
     */
    static boolean selects(JsonNode selector, Map<String, String> labels) {
        JsonNode matchLabels = selector.has("matchLabels") || selector.has("matchExpressions")
                ? selector.path("matchLabels") : selector;
        for (Map.Entry<String, String> e : strings(matchLabels).entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (JsonNode expr : selector.path("matchExpressions")) {
            String value = labels.get(expr.path("key").asText());
            List<String> values = new ArrayList<>();
            expr.path("values").forEach(v -> values.add(v.asText()));
            boolean ok = switch (expr.path("operator").asText()) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
