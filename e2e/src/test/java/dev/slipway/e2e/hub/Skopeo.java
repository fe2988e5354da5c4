package dev.slipway.e2e.hub;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/** skopeo against a plain-HTTP loopback registry: the independent client that checks what a registry holds. */
public final class Skopeo {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Skopeo() {
    }

    /** @return the tags of {@code <registry>/<repository>} */
    public static List<String> listTags(String registry, String repository) {
        JsonNode answer = json(Tool.run("skopeo", "list-tags", "--tls-verify=false",
                "docker://" + registry + "/" + repository));
        List<String> tags = new ArrayList<>();
        answer.path("Tags").forEach(tag -> tags.add(tag.asText()));
        return tags;
    }

    /** @return the manifest digest of {@code <registry>/<repository>:<tag>} ({@code sha256:…}) */
    public static String manifestDigest(String registry, String reference) {
        return json(Tool.run("skopeo", "inspect", "--tls-verify=false", "docker://" + registry + "/" + reference))
                .path("Digest").asText();
    }

    /** @return the manifest as stored ({@code skopeo inspect --raw}) */
    public static JsonNode rawManifest(String registry, String reference) {
        return json(Tool.run("skopeo", "inspect", "--raw", "--tls-verify=false",
                "docker://" + registry + "/" + reference));
    }

    /** @return the image config ({@code skopeo inspect --config}) */
    public static JsonNode config(String registry, String reference) {
        return json(Tool.run("skopeo", "inspect", "--config", "--tls-verify=false",
                "docker://" + registry + "/" + reference));
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("skopeo printed no JSON: " + text, e);
        }
    }
}
