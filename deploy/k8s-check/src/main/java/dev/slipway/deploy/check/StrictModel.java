package dev.slipway.deploy.check;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.util.Map;
import java.util.Optional;

/**
 * Deserializes documents into the fabric8 Kubernetes model and Strimzi's API model, strictly: a field the model does
 * not know is an error, and so is a scalar of the wrong type (a number where the API wants a string).
 *
 * <p>Both models keep unknown fields in an {@code @JsonAnySetter} map ("additionalProperties") so that clients
 * survive newer servers; {@code FAIL_ON_UNKNOWN_PROPERTIES} alone therefore fails on nothing. The introspector below
 * hides those any-setters and {@code ignoreUnknown}, so Jackson's own unknown-property check applies.
 */
final class StrictModel {
    /** apiVersion/kind → model class. A kind missing here has no Java model (see {@link CrdSchemas}). */
    private static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
            Map.entry("kafka.strimzi.io/v1beta2/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class));

    private static final ObjectMapper STRICT = strictMapper();

    private StrictModel() {
    }

    /** @return whether a Java model covers this document's apiVersion and kind */
    static boolean covers(Manifest manifest) {
        return MODELS.containsKey(manifest.apiVersion() + "/" + manifest.kind());
    }

    /**
     * @param manifest a document that {@link #covers} accepts
     * @return the problem, or empty when the model accepts every field
     */
    static Optional<Violation> check(Manifest manifest) {
        Class<?> type = MODELS.get(manifest.apiVersion() + "/" + manifest.kind());
        try {
            STRICT.treeToValue(manifest.tree(), type);
            return Optional.empty();
        } catch (JsonMappingException e) {
            return Optional.of(new Violation(manifest.id(),
                    "not a valid " + type.getSimpleName() + " at " + path(e) + ": " + e.getOriginalMessage()));
        } catch (Exception e) {
            return Optional.of(new Violation(manifest.id(), "not a valid " + type.getSimpleName() + ": " + e.getMessage()));
        }
    }

    /**
     * Decodes a metadata block strictly (used for CRD documents, whose schemas leave metadata open).
     *
     * @param manifest any document
     * @return the problem, or empty
     */
    static Optional<Violation> checkMetadata(Manifest manifest) {
        try {
            STRICT.treeToValue(manifest.tree().get("metadata"), io.fabric8.kubernetes.api.model.ObjectMeta.class);
            return Optional.empty();
        } catch (Exception e) {
            return Optional.of(new Violation(manifest.id(), "invalid metadata: " + e.getMessage()));
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                out.append('.').append(ref.getFieldName());
            } else {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.length() == 0 ? "the top level" : out.substring(1);
    }

    private static ObjectMapper strictMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .annotationIntrospector(new NoUnknownPropertySink())
                .build();
        // The API server rejects a number or a boolean where a string belongs (env values, ConfigMap data).
        for (CoercionInputShape shape : new CoercionInputShape[] {
                CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean}) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        return mapper;
    }

    /** Jackson's introspector minus the two ways the models swallow unknown fields. */
    private static final class NoUnknownPropertySink extends JacksonAnnotationIntrospector {
        private static final long serialVersionUID = 1L;

        @Override
        public Boolean hasAnySetter(Annotated a) {
            return Boolean.FALSE;
        }

        @Override
        public JsonIgnoreProperties.Value findPropertyIgnoralByName(MapperConfig<?> config, Annotated a) {
            return super.findPropertyIgnoralByName(config, a).withoutIgnoreUnknown();
        }
    }
}
