package dev.slipway.common.oci;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;

/** The field reader for manifests and indexes, and the parts they share. */
final class ManifestFields {
    static final JsonFields FIELDS = new JsonFields(m -> new InvalidManifestException("invalid manifest: " + m));

    private ManifestFields() {
    }

    static Optional<Descriptor> subject(ObjectNode root, JsonFields f) {
        ObjectNode node = f.object(root, "", "subject", false);
        return node == null ? Optional.empty() : Optional.of(f.descriptor(node, "subject"));
    }

    /** Writes the header fields both kinds start with. */
    static ObjectNode header(MediaType mediaType, String artifactType) {
        ObjectNode n = JsonFields.NODES.objectNode();
        n.put("schemaVersion", 2);
        n.put("mediaType", mediaType.value());
        if (artifactType != null) {
            n.put("artifactType", artifactType);
        }
        return n;
    }

    /** Writes the trailer fields both kinds end with. */
    static void trailer(ObjectNode n, Descriptor subject, Map<String, String> annotations) {
        if (subject != null) {
            n.set("subject", JsonFields.descriptorNode(subject));
        }
        JsonFields.putSortedStrings(n, "annotations", annotations);
    }
}
