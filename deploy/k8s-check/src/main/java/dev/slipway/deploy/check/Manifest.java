package dev.slipway.deploy.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One rendered Kubernetes document. The body is kept private and handed out as a copy, so a manifest never changes
 * after it was read.
 */
public final class Manifest {
    private final ObjectNode body;

    private Manifest(ObjectNode body) {
        this.body = body;
    }

    /**
     * @param body a document with {@code apiVersion}, {@code kind} and {@code metadata.name}
     * @return the manifest, holding its own copy of {@code body}
     * @throws IllegalArgumentException when one of those three is missing
     */
    public static Manifest of(ObjectNode body) {
        Objects.requireNonNull(body, "body");
        for (String field : new String[] {"apiVersion", "kind"}) {
            if (!body.path(field).isTextual()) {
                throw new IllegalArgumentException("a manifest without " + field + ": " + body);
            }
        }
        if (!body.path("metadata").path("name").isTextual()) {
            throw new IllegalArgumentException("a manifest without metadata.name: " + body);
        }
        return new Manifest(body.deepCopy());
    }

    /** @return e.g. {@code apps/v1} */
    public String apiVersion() {
        return body.get("apiVersion").asText();
    }

    /** @return e.g. {@code Deployment} */
    public String kind() {
        return body.get("kind").asText();
    }

    /** @return {@code metadata.name} */
    public String name() {
        return body.get("metadata").get("name").asText();
    }

    /** @return {@code Kind/name}, how violations name a resource */
    public String id() {
        return kind() + "/" + name();
    }

    /** @return a copy of the whole document */
    public ObjectNode body() {
        return body.deepCopy();
    }

    /** Read-only view for the checks in this package (they never modify it). */
    JsonNode tree() {
        return body;
    }

    @Override
    public String toString() {
        return id();
    }
}
