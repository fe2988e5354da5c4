package dev.slipway.common.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An image manifest or index, kept as the exact bytes it was received or written as: its {@link #digest()} is the
 * digest of those bytes, never of a re-serialisation, so a manifest pulled by digest verifies and pushes back
 * under the same digest.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/manifest.md">OCI image manifest</a>
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/image-index.md">OCI image index</a>
 * @see <a href="https://distribution.github.io/distribution/spec/manifest-v2-2/">Docker manifest v2 schema 2</a>
 */
public sealed interface Manifest permits ImageManifest, ImageIndex {

    /** The largest manifest accepted, 4 MiB, the limit the OCI distribution spec lets registries enforce. */
    int MAX_BYTES = 4 * 1024 * 1024;

    /** @return a copy of the exact bytes of the manifest */
    byte[] bytes();

    /** @return the size of {@link #bytes()} */
    long size();

    /** @return the sha256 digest of {@link #bytes()} */
    Digest digest();

    /** @return the manifest's media type (from its {@code mediaType} field, else the content type it came with) */
    MediaType mediaType();

    /** @return the manifest this one refers to (OCI 1.1 referrers), if any */
    Optional<Descriptor> subject();

    /** @return the artifact type, or {@code null} */
    String artifactType();

    /** @return the annotations, possibly empty */
    Map<String, String> annotations();

    /**
     * @return every blob or child manifest this manifest needs (config and layers, or the indexed manifests); the
     *     {@link #subject()} is a link, not a dependency, and is not included
     */
    List<Descriptor> references();

    /** @return a descriptor of this manifest, as an index or a referrers list holds it */
    default Descriptor descriptor() {
        return new Descriptor(mediaType(), digest(), size(), Map.of(), null, artifactType(), List.of());
    }

    /**
     * Parses manifest bytes, detecting the kind from the JSON {@code mediaType} field, else from the content type,
     * else from the fields present ({@code manifests} → index, {@code config} → image manifest).
     *
     * @param bytes the exact bytes
     * @param contentTypeOrNull the {@code Content-Type} the bytes came with, or {@code null}; {@code application/json}
     *     counts as none
     * @return the manifest, holding a copy of {@code bytes}
     * @throws InvalidManifestException naming the field and rule, if the bytes are not a supported, valid manifest
     *     or are larger than {@link #MAX_BYTES}
     */
    static Manifest parse(byte[] bytes, MediaType contentTypeOrNull) {
        JsonFields f = ManifestFields.FIELDS;
        if (bytes != null && bytes.length > MAX_BYTES) {
            throw f.error("manifest is " + bytes.length + " bytes, larger than the " + MAX_BYTES + "-byte limit");
        }
        ObjectNode root = f.parseObject(bytes);
        JsonNode version = root.get("schemaVersion");
        if (version == null || version.isNull()) {
            throw f.error("schemaVersion: required field is missing");
        }
        if (!version.isIntegralNumber() || version.intValue() != 2) {
            throw f.error("schemaVersion: must be 2" + (version.isIntegralNumber() && version.intValue() == 1
                    ? " (Docker schema 1 manifests are not supported)" : ""));
        }
        MediaType declared = f.mediaType(root, "", "mediaType", false);
        MediaType contentType = contentTypeOrNull == null
                || contentTypeOrNull.value().equals("application/json") ? null : contentTypeOrNull;
        if (contentType != null && !MediaTypes.isManifest(contentType)) {
            throw f.error("unsupported manifest media type \"" + contentType + "\"");
        }
        if (declared != null && contentType != null && !declared.equals(contentType)) {
            throw f.error("mediaType \"" + declared + "\" does not match the content type \"" + contentType + "\"");
        }
        MediaType type = declared != null ? declared : contentType;
        if (type == null) {
            if (root.has("manifests")) {
                type = MediaTypes.OCI_INDEX;
            } else if (root.has("config")) {
                type = MediaTypes.OCI_MANIFEST;
            } else {
                throw f.error("mediaType: required field is missing and neither config nor manifests is present");
            }
        }
        boolean docker = type.equals(MediaTypes.DOCKER_MANIFEST) || type.equals(MediaTypes.DOCKER_MANIFEST_LIST);
        if (declared == null && docker) {
            throw f.error("mediaType: required field is missing (Docker schema 2 requires it)");
        }
        byte[] copy = bytes.clone();
        if (MediaTypes.IMAGE_MANIFESTS.contains(type)) {
            return ImageManifest.decode(copy, type, root, f);
        }
        if (MediaTypes.INDEXES.contains(type)) {
            return ImageIndex.decode(copy, type, root, f);
        }
        throw f.error("unsupported manifest media type \"" + type + "\"");
    }
}
