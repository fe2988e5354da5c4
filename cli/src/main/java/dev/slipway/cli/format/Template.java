package dev.slipway.cli.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of docker's Go-template {@code --format} that people use: {@code {{.Field}}}, nested paths such as
 * {@code {{.Config.Cmd}}}, {@code {{.}}} and {@code {{json .Config}}}, with {@code \t} and {@code \n} written as
 * escapes. Values print as Go prints them: lists as {@code [a b]}, objects as {@code map[k:v]}, a missing field
 * as {@code <no value>}.
 */
public final class Template {

    private static final Pattern ACTION =
            Pattern.compile("\\{\\{\\s*(json\\s+)?\\.((?:[A-Za-z_][A-Za-z0-9_]*)(?:\\.[A-Za-z_][A-Za-z0-9_]*)*)?\\s*}}");
    private static final Pattern ANY_ACTION = Pattern.compile("\\{\\{.*?}}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String source;

    private Template(String source) {
        this.source = source.replace("\\t", "\t").replace("\\n", "\n");
    }

    /**
     * @param format e.g. {@code {{.Repository}}:{{.Tag}}}
     * @return the template
     * @throws IllegalArgumentException naming the first action this subset cannot evaluate
     */
    public static Template parse(String format) {
        Matcher any = ANY_ACTION.matcher(format);
        while (any.find()) {
            if (!ACTION.matcher(any.group()).matches()) {
                throw new IllegalArgumentException("template: unsupported action " + any.group()
                        + " (supported: {{.Field.Path}}, {{json .Field}})");
            }
        }
        return new Template(format);
    }

    /**
     * @param value the object the template's fields are looked up in
     * @return the rendered text
     */
    public String render(JsonNode value) {
        Matcher m = ACTION.matcher(source);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            JsonNode node = m.group(2) == null ? value : lookup(value, m.group(2));
            String text = m.group(1) != null ? json(node) : goValue(node);
            m.appendReplacement(out, Matcher.quoteReplacement(text));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static JsonNode lookup(JsonNode root, String path) {
        JsonNode node = root;
        for (String field : path.split("\\.")) {
            node = node == null ? null : node.get(field);
        }
        return node;
    }

    private static String json(JsonNode node) {
        try {
            return node == null ? "null" : JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree that cannot be written", e);
        }
    }

    private static String goValue(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "<no value>";
        }
        if (node.isNull()) {
            return "<nil>";
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(goValue(item)));
            return "[" + String.join(" ", items) + "]";
        }
        if (node.isObject()) {
            Map<String, String> sorted = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                sorted.put(e.getKey(), goValue(e.getValue()));
            }
            List<String> items = new ArrayList<>();
            sorted.forEach((k, v) -> items.add(k + ":" + v));
            return "map[" + String.join(" ", items) + "]";
        }
        return node.asText();
    }
}
