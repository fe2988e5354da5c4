package dev.slipway.deploy.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.slipway.common.job.Topics;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Kafka names in the manifests against {@link Topics} and the services' channels: KafkaTopic names and partition
 * counts, and the topic and consumer group the build-worker autoscaler watches.
 */
final class KafkaCheck {
    /**
     * Partitions the farm needs: job topics and job-events spread over up to 12 consumers of one group (so 12 is
     * also the most workers that can share a topic); job-control has one, because every worker reads all of it.
     */
    static final Map<String, Integer> PARTITIONS = Map.of(
            Topics.BUILD_JOBS, 12, Topics.SYNC_JOBS, 12, Topics.JOB_EVENTS, 12, Topics.JOB_CONTROL, 1);

    private final RenderedManifests manifests;
    private final Map<String, ServiceFacts> services;
    private final List<Violation> out = new ArrayList<>();

    KafkaCheck(RenderedManifests manifests, Map<String, ServiceFacts> services) {
        this.manifests = manifests;
        this.services = services;
    }

    List<Violation> run() {
        Set<String> declared = declaredTopics();
        if (!declared.equals(PARTITIONS.keySet())) {
            out.add(new Violation(Topics.class.getName(), "declares " + declared + " but partition counts exist for "
                    + PARTITIONS.keySet()));
        }
        for (ServiceFacts facts : services.values()) {
            for (String topic : facts.topics()) {
                if (!declared.contains(topic)) {
                    out.add(new Violation(facts.module(), "uses topic " + topic + ", which Topics does not declare"));
                }
            }
        }
        checkTopics(declared);
        manifests.ofKind("ScaledObject").forEach(this::checkScaledObject);
        return out;
    }

    private void checkTopics(Set<String> declared) {
        List<Manifest> topics = manifests.ofKind("KafkaTopic");
        if (topics.isEmpty()) {
            return; // an existing cluster: the operator creates them (README lists them)
        }
        Set<String> present = new TreeSet<>();
        for (Manifest t : topics) {
            JsonNode spec = t.tree().path("spec");
            String name = spec.path("topicName").asText(t.name());
            present.add(name);
            if (!declared.contains(name)) {
                out.add(new Violation(t.id(), "topic " + name + " is none of " + declared));
            } else if (spec.path("partitions").asInt(-1) != PARTITIONS.get(name)) {
                out.add(new Violation(t.id(), name + " has " + spec.path("partitions").asText("no") + " partitions; "
                        + "the farm needs " + PARTITIONS.get(name)));
            }
        }
        for (String name : declared) {
            if (!present.contains(name)) {
                out.add(new Violation("KafkaTopic", "no KafkaTopic for " + name));
            }
        }
    }

    private void checkScaledObject(Manifest scaled) {
        JsonNode spec = scaled.tree().path("spec");
        String target = spec.path("scaleTargetRef").path("name").asText();
        for (JsonNode trigger : spec.path("triggers")) {
            if (!trigger.path("type").asText().equals("kafka")) {
                continue;
            }
            String topic = trigger.path("metadata").path("topic").asText();
            String group = trigger.path("metadata").path("consumerGroup").asText();
            List<ServiceFacts> consumers = services.values().stream()
                    .filter(f -> f.consumerGroups().containsKey(topic)).toList();
            if (consumers.isEmpty()) {
                out.add(new Violation(scaled.id(), "watches topic " + topic + ", which no service consumes"));
                continue;
            }
            for (ServiceFacts consumer : consumers) {
                if (!consumer.consumerGroups().get(topic).equals(group)) {
                    out.add(new Violation(scaled.id(), "watches consumer group " + group + "; " + consumer.module()
                            + " consumes " + topic + " as " + consumer.consumerGroups().get(topic)));
                }
                boolean runsIt = Pods.running(manifests, consumer.module()).stream()
                        .anyMatch(w -> w.owner().kind().equals("Deployment") && w.owner().name().equals(target));
                if (!runsIt) {
                    out.add(new Violation(scaled.id(), "scales " + target + ", which does not run "
                            + consumer.module()));
                }
            }
            checkFromEnv(scaled, target, trigger.path("metadata"));
            int max = spec.path("maxReplicaCount").asInt(100);
            Integer partitions = PARTITIONS.get(topic);
            if (partitions != null && max > partitions) {
                out.add(new Violation(scaled.id(), "maxReplicaCount " + max + " exceeds the " + partitions
                        + " partitions of " + topic + ": the extra consumers would sit idle"));
            }
        }
    }

    /** KEDA resolves {@code <parameter>FromEnv} in the scale target's containers: the variable must be set there. */
    private void checkFromEnv(Manifest scaled, String target, JsonNode metadata) {
        metadata.fields().forEachRemaining(field -> {
            if (!field.getKey().endsWith("FromEnv")) {
                return;
            }
            String name = field.getValue().asText();
            boolean set = false;
            for (JsonNode container : manifests.find("Deployment", target).map(Manifest::tree)
                    .map(d -> d.path("spec").path("template").path("spec").path("containers"))
                    .orElse(MissingNode.getInstance())) {
                for (JsonNode env : container.path("env")) {
                    set |= env.path("name").asText().equals(name);
                }
            }
            if (!set) {
                out.add(new Violation(scaled.id(), field.getKey() + " names " + name + ", which " + target
                        + "'s containers do not set"));
            }
        });
    }

    private static Set<String> declaredTopics() {
        Set<String> names = new TreeSet<>();
        for (Field f : Topics.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                try {
                    names.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return names;
    }
}
