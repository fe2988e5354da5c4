package dev.slipway.common.oci;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Reads and writes the JSON of manifests, indexes and configs field by field, so that every error names the JSON
 * path of the offending field, and so that written JSON has a fixed field order (stable digests).
 */
final class JsonFields {
    /** Strict reader: duplicate keys are ambiguous in content-addressed documents, so they are rejected. */
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Function<String, ? extends IllegalArgumentException> error;

    /** @param error makes the exception for a message (without prefix) */
    JsonFields(Function<String, ? extends IllegalArgumentException> error) {
        this.error = error;
    }

    IllegalArgumentException error(String message) {
        return error.apply(message);
    }

    /** Parses {@code bytes} as one JSON object. */
    ObjectNode parseObject(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw error("empty document");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw error("not valid JSON: " + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw error("not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw error("the document must be a JSON object");
        }
        return (ObjectNode) root;
    }

    static String path(String parent, String field) {
        return parent.isEmpty() ? field : parent + "." + field;
    }

    private JsonNode present(ObjectNode obj, String parent, String field, boolean required) {
        JsonNode node = obj.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw error(path(parent, field) + ": required field is missing");
            }
            return null;
        }
        return node;
    }

    String string(ObjectNode obj, String parent, String field, boolean required) {
        JsonNode node = present(obj, parent, field, required);
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            throw error(path(parent, field) + ": must be a string");
        }
        return node.textValue();
    }

    long nonNegativeLong(ObjectNode obj, String parent, String field, boolean required, long absent) {
        JsonNode node = present(obj, parent, field, required);
        if (node == null) {
            return absent;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw error(path(parent, field) + ": must be an integer");
        }
        long value = node.longValue();
        if (value < 0) {
            throw error(path(parent, field) + ": must not be negative");
        }
        return value;
    }

    boolean bool(ObjectNode obj, String parent, String field) {
        JsonNode node = present(obj, parent, field, false);
        if (node == null) {
            return false;
        }
        if (!node.isBoolean()) {
            throw error(path(parent, field) + ": must be true or false");
        }
        return node.booleanValue();
    }

    ObjectNode object(ObjectNode obj, String parent, String field, boolean required) {
        JsonNode node = present(obj, parent, field, required);
        if (node == null) {
            return null;
        }
        if (!node.isObject()) {
            throw error(path(parent, field) + ": must be an object");
        }
        return (ObjectNode) node;
    }

    List<ObjectNode> objects(ObjectNode obj, String parent, String field, boolean required) {
        JsonNode node = present(obj, parent, field, required);
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw error(path(parent, field) + ": must be an array");
        }
        List<ObjectNode> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isObject()) {
                throw error(path(parent, field) + "[" + i + "]: must be an object");
            }
            out.add((ObjectNode) node.get(i));
        }
        return out;
    }

    List<String> strings(ObjectNode obj, String parent, String field) {
        JsonNode node = present(obj, parent, field, false);
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw error(path(parent, field) + ": must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) {
                throw error(path(parent, field) + "[" + i + "]: must be a string");
            }
            out.add(node.get(i).textValue());
        }
        return out;
    }

    Map<String, String> stringMap(ObjectNode obj, String parent, String field) {
        ObjectNode node = object(obj, parent, field, false);
        if (node == null) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw error(path(path(parent, field), e.getKey()) + ": must be a string");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }

    /** Keys of an object whose values are {@code {}}, as ExposedPorts and Volumes are written. */
    List<String> keySet(ObjectNode obj, String parent, String field) {
        ObjectNode node = object(obj, parent, field, false);
        if (node == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    Digest digest(ObjectNode obj, String parent, String field, boolean required) {
        String text = string(obj, parent, field, required);
        if (text == null) {
            return null;
        }
        try {
            return Digest.parse(text);
        } catch (InvalidDigestException e) {
            throw error(path(parent, field) + ": " + e.getMessage());
        }
    }

    MediaType mediaType(ObjectNode obj, String parent, String field, boolean required) {
        String text = string(obj, parent, field, required);
        if (text == null) {
            return null;
        }
        try {
            return new MediaType(text);
        } catch (IllegalArgumentException e) {
            throw error(path(parent, field) + ": " + e.getMessage());
        }
    }

    Descriptor descriptor(ObjectNode obj, String path) {
        MediaType mediaType = mediaType(obj, path, "mediaType", true);
        Digest digest = digest(obj, path, "digest", true);
        long size = nonNegativeLong(obj, path, "size", true, 0);
        Map<String, String> annotations = stringMap(obj, path, "annotations");
        ObjectNode platformNode = object(obj, path, "platform", false);
        Platform platform = platformNode == null ? null : platform(platformNode, path(path, "platform"));
        String artifactType = string(obj, path, "artifactType", false);
        List<String> urls = strings(obj, path, "urls");
        return new Descriptor(mediaType, digest, size, annotations, platform, artifactType, urls);
    }

    Platform platform(ObjectNode obj, String path) {
        return new Platform(
                string(obj, path, "architecture", true),
                string(obj, path, "os", true),
                string(obj, path, "variant", false),
                string(obj, path, "os.version", false),
                strings(obj, path, "os.features"));
    }

    // ---- writing: fixed field order, sorted maps ----

    static ObjectNode descriptorNode(Descriptor d) {
        ObjectNode n = NODES.objectNode();
        n.put("mediaType", d.mediaType().value());
        n.put("digest", d.digest().toString());
        n.put("size", d.size());
        if (!d.urls().isEmpty()) {
            ArrayNode urls = n.putArray("urls");
            d.urls().forEach(urls::add);
        }
        putSortedStrings(n, "annotations", d.annotations());
        if (d.platform() != null) {
            Platform p = d.platform();
            ObjectNode pn = n.putObject("platform");
            pn.put("architecture", p.architecture());
            pn.put("os", p.os());
            if (p.osVersion() != null) {
                pn.put("os.version", p.osVersion());
            }
            if (!p.osFeatures().isEmpty()) {
                ArrayNode features = pn.putArray("os.features");
                p.osFeatures().forEach(features::add);
            }
            if (p.variant() != null) {
                pn.put("variant", p.variant());
            }
        }
        if (d.artifactType() != null) {
            n.put("artifactType", d.artifactType());
        }
        return n;
    }

    static void putSortedStrings(ObjectNode n, String field, Map<String, String> map) {
        if (!map.isEmpty()) {
            ObjectNode m = n.putObject(field);
            new TreeMap<>(map).forEach(m::put);
        }
    }

    static void putStrings(ObjectNode n, String field, List<String> values) {
        if (!values.isEmpty()) {
            ArrayNode a = n.putArray(field);
            values.forEach(a::add);
        }
    }

    static byte[] toBytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            // a tree of plain nodes always serialises
            throw new IllegalStateException(e);
        }
    }
}
