package dev.slipway.deploy.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Validates custom resources that have no Java model against the {@code openAPIV3Schema} of their published
 * CustomResourceDefinition, kept verbatim under {@code src/main/resources/crds/}. Only the CRD files listed in
 * {@link #FILES} are loaded; a kind without one is reported by {@link ManifestCheck} as unverified, never passed.
 *
 * <p>The rules are those of a Kubernetes structural schema under strict field validation: a field the schema does not
 * declare is an error unless the object is {@code x-kubernetes-preserve-unknown-fields} or has
 * {@code additionalProperties}; {@code required}, {@code type}, {@code enum}, {@code pattern} and
 * {@code x-kubernetes-int-or-string} are enforced. The root {@code metadata} is checked with the ObjectMeta model.
 */
final class CrdSchemas {
    /** The CRDs in the repository (see each file's header for its source and version). */
    static final List<String> FILES = List.of("crds/keda.sh_scaledobjects.yaml");

    private final Map<String, JsonNode> schemas;

    private CrdSchemas(Map<String, JsonNode> schemas) {
        this.schemas = Map.copyOf(schemas);
    }

    /** @return the schemas of every CRD file in {@link #FILES}, keyed by {@code group/version/Kind} */
    static CrdSchemas load() {
        Map<String, JsonNode> schemas = new HashMap<>();
        YAMLMapper yaml = new YAMLMapper();
        for (String file : FILES) {
            try (InputStream in = CrdSchemas.class.getResourceAsStream("/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("CRD resource missing: " + file);
                }
                try (MappingIterator<JsonNode> docs = yaml.readerFor(JsonNode.class).readValues(in)) {
                    while (docs.hasNext()) {
                        JsonNode crd = docs.next();
                        String group = crd.path("spec").path("group").asText();
                        String kind = crd.path("spec").path("names").path("kind").asText();
                        for (JsonNode version : crd.path("spec").path("versions")) {
                            schemas.put(group + "/" + version.path("name").asText() + "/" + kind,
                                    version.path("schema").path("openAPIV3Schema"));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new CrdSchemas(schemas);
    }

    /** @return whether a published schema covers this document's apiVersion and kind */
    boolean covers(Manifest manifest) {
        return schemas.containsKey(manifest.apiVersion() + "/" + manifest.kind());
    }

    /**
     * @param manifest a document that {@link #covers} accepts
     * @return every schema violation (empty when valid)
     */
    List<Violation> check(Manifest manifest) {
        List<String> problems = new ArrayList<>();
        JsonNode schema = schemas.get(manifest.apiVersion() + "/" + manifest.kind());
        validate(schema, manifest.tree(), "", problems, true);
        List<Violation> out = new ArrayList<>();
        for (String p : problems) {
            out.add(new Violation(manifest.id(), p));
        }
        StrictModel.checkMetadata(manifest).ifPresent(out::add);
        return out;
    }

    private static void validate(JsonNode schema, JsonNode value, String path, List<String> problems, boolean root) {
        String where = path.isEmpty() ? "the top level" : path.substring(1);
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            if (!value.isIntegralNumber() && !value.isTextual()) {
                problems.add(where + ": expected an integer or a string, got " + value.getNodeType());
            }
            return;
        }
        String type = schema.path("type").asText("");
        switch (type) {
            case "object" -> {
                if (!value.isObject()) {
                    problems.add(where + ": expected an object, got " + value.getNodeType());
                    return;
                }
                validateObject(schema, value, path, problems, root);
            }
            case "array" -> {
                if (!value.isArray()) {
                    problems.add(where + ": expected an array, got " + value.getNodeType());
                    return;
                }
                int i = 0;
                for (JsonNode item : value) {
                    validate(schema.path("items"), item, path + "[" + i++ + "]", problems, false);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    problems.add(where + ": expected a string, got " + value.getNodeType());
                } else {
                    checkPattern(schema, value.asText(), where, problems);
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    problems.add(where + ": expected an integer, got " + value.getNodeType());
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    problems.add(where + ": expected a number, got " + value.getNodeType());
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    problems.add(where + ": expected a boolean, got " + value.getNodeType());
                }
            }
            default -> {
                // No type: only x-kubernetes-preserve-unknown-fields schemas may leave it out; nothing to check.
            }
        }
        JsonNode allowed = schema.path("enum");
        if (allowed.isArray() && allowed.size() > 0) {
            boolean found = false;
            for (JsonNode candidate : allowed) {
                found |= candidate.equals(value);
            }
            if (!found) {
                problems.add(where + ": " + value + " is not one of " + allowed);
            }
        }
    }

    private static void validateObject(JsonNode schema, JsonNode value, String path, List<String> problems,
            boolean root) {
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) {
                problems.add((path.isEmpty() ? "" : path.substring(1) + ": ") + "required field \""
                        + required.asText() + "\" is missing");
            }
        }
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.path("additionalProperties");
        boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String childPath = path + "." + field.getKey();
            if (root && field.getKey().equals("metadata")) {
                continue; // checked against ObjectMeta
            }
            if (properties.has(field.getKey())) {
                validate(properties.get(field.getKey()), field.getValue(), childPath, problems, false);
            } else if (additional.isObject()) {
                validate(additional, field.getValue(), childPath, problems, false);
            } else if (!preserve && !additional.asBoolean(false)) {
                problems.add(childPath.substring(1) + ": unknown field (the schema declares "
                        + (properties.isObject() ? fieldNames(properties) : "no fields") + ")");
            }
        }
    }

    private static void checkPattern(JsonNode schema, String text, String where, List<String> problems) {
        Optional<String> pattern = Optional.ofNullable(schema.get("pattern")).map(JsonNode::asText);
        if (pattern.isEmpty()) {
            return;
        }
        try {
            if (!Pattern.compile(pattern.get()).matcher(text).find()) {
                problems.add(where + ": \"" + text + "\" does not match " + pattern.get());
            }
        } catch (PatternSyntaxException e) {
            // A Go (RE2) pattern Java cannot compile: the API server still checks it.
        }
    }

    private static String fieldNames(JsonNode properties) {
        List<String> names = new ArrayList<>();
        properties.fieldNames().forEachRemaining(names::add);
        return String.join(", ", names);
    }
}
