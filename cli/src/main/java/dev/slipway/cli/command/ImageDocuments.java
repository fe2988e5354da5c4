package dev.slipway.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.cli.gateway.ImageDetail;
import dev.slipway.common.oci.ImageReference;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates an image's stored manifest and config into what {@code docker inspect} and {@code docker history}
 * show: the inspect object (docker's field names, plus the manifest) and the history rows with their layer sizes.
 */
final class ImageDocuments {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ImageDocuments() {
    }

    /**
     * @param reference the image as asked for
     * @param detail the stored documents
     * @return the inspect object: Id, RepoTags, RepoDigests, Created, Author, Comment, Architecture, Os, Size,
     *         Config, RootFS, Manifest
     */
    static ObjectNode inspect(ImageReference reference, ImageDetail detail) {
        JsonNode config = detail.config();
        JsonNode manifest = detail.manifest();
        ObjectNode out = JSON.createObjectNode();
        out.put("Id", imageId(detail));
        ArrayNode tags = out.putArray("RepoTags");
        if (reference.tag() != null) {
            tags.add(reference.familiar());
        }
        out.putArray("RepoDigests").add(reference.familiarName() + "@" + detail.digest());
        out.set("Created", config.path("created").isMissingNode() ? null : config.get("created"));
        out.put("Author", config.path("author").asText(""));
        List<Row> history = history(detail);
        out.put("Comment", history.isEmpty() ? "" : history.get(history.size() - 1).comment());
        out.put("Architecture", config.path("architecture").asText(""));
        out.put("Os", config.path("os").asText(""));
        long size = 0;
        for (JsonNode layer : manifest.path("layers")) {
            size += layer.path("size").asLong();
        }
        out.put("Size", size);
        out.set("Config", config.path("config").isObject() ? config.get("config") : JSON.createObjectNode());
        ObjectNode rootFs = out.putObject("RootFS");
        rootFs.put("Type", config.path("rootfs").path("type").asText("layers"));
        rootFs.set("Layers", config.path("rootfs").path("diff_ids").isArray()
                ? config.path("rootfs").get("diff_ids") : JSON.createArrayNode());
        out.set("Manifest", manifest);
        return out;
    }

    /** @return the image id: the config digest (docker's image id), else the manifest digest */
    static String imageId(ImageDetail detail) {
        JsonNode config = detail.manifest().path("config").path("digest");
        return config.isTextual() ? config.asText() : detail.digest();
    }

    /**
     * @param detail the stored documents
     * @return the config's history, oldest first, each non-empty step paired with the next manifest layer's size
     */
    static List<Row> history(ImageDetail detail) {
        List<JsonNode> layers = new ArrayList<>();
        detail.manifest().path("layers").forEach(layers::add);
        List<Row> rows = new ArrayList<>();
        int layer = 0;
        for (JsonNode entry : detail.config().path("history")) {
            boolean empty = entry.path("empty_layer").asBoolean(false);
            long size = 0;
            if (!empty && layer < layers.size()) {
                size = layers.get(layer++).path("size").asLong();
            }
            rows.add(new Row(instant(entry.path("created").asText(null)), entry.path("created_by").asText(""),
                    entry.path("comment").asText(""), size));
        }
        return rows;
    }

    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * One history step.
     *
     * @param created when, or {@code null}
     * @param createdBy the instruction
     * @param comment the comment (a commit's message)
     * @param size the size of the layer it added, 0 for none
     */
    record Row(Instant created, String createdBy, String comment, long size) {
    }
}
