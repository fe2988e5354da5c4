package dev.slipway.deploy.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The documents of one rendered overlay (a multi-document YAML stream), in order.
 *
 * @param source    where they came from, e.g. {@code overlays/production}
 * @param documents the documents
 */
public record RenderedManifests(String source, List<Manifest> documents) {
    private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build()).build();

    /** Copies the list. */
    public RenderedManifests {
        documents = List.copyOf(documents);
    }

    /**
     * Parses a YAML stream; duplicate keys are an error, empty documents are skipped.
     *
     * @param source label for messages
     * @param yaml   the stream, e.g. the output of {@code kustomize build}
     * @return the manifests
     * @throws IllegalArgumentException when the YAML is malformed or a document is not a Kubernetes object
     */
    public static RenderedManifests parse(String source, String yaml) {
        List<Manifest> out = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode node = it.next();
                if (node == null || node.isNull() || node.isMissingNode()) {
                    continue;
                }
                if (!(node instanceof ObjectNode object)) {
                    throw new IllegalArgumentException(source + ": a document that is not a mapping: " + node);
                }
                out.add(Manifest.of(object));
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(source + ": unreadable YAML: " + e.getMessage(), e);
        }
        return new RenderedManifests(source, out);
    }

    /**
     * @param kind kind to look for
     * @param name metadata.name
     * @return that document, if present
     */
    public Optional<Manifest> find(String kind, String name) {
        return documents.stream().filter(m -> m.kind().equals(kind) && m.name().equals(name)).findFirst();
    }

    /** @return every document of that kind */
    public List<Manifest> ofKind(String kind) {
        return documents.stream().filter(m -> m.kind().equals(kind)).toList();
    }

    /**
     * A copy with one document changed — how tests break a manifest on purpose.
     *
     * @param kind   kind of the document to change
     * @param name   its name
     * @param change receives a copy of the body and returns the new body
     * @return the changed set
     * @throws IllegalArgumentException when no such document exists
     */
    public RenderedManifests with(String kind, String name, UnaryOperator<ObjectNode> change) {
        Manifest target = find(kind, name)
                .orElseThrow(() -> new IllegalArgumentException("no " + kind + "/" + name + " in " + source));
        List<Manifest> out = new ArrayList<>(documents.size());
        for (Manifest m : documents) {
            out.add(m == target ? Manifest.of(change.apply(m.body())) : m);
        }
        return new RenderedManifests(source, out);
    }
}
