package dev.slipway.common.oci;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A manifest that lists other manifests, usually one per platform: OCI image index or Docker manifest list.
 * Immutable; holds the exact bytes (see {@link Manifest}).
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/image-index.md">OCI image index</a>
 * @see <a href="https://distribution.github.io/distribution/spec/manifest-v2-2/#manifest-list">Docker manifest
 *     list</a>
 */
public final class ImageIndex implements Manifest {
    private final byte[] bytes;
    private final Digest digest;
    private final MediaType mediaType;
    private final List<Descriptor> manifests;
    private final Descriptor subject;
    private final String artifactType;
    private final Map<String, String> annotations;

    private ImageIndex(byte[] bytes, MediaType mediaType, List<Descriptor> manifests, Descriptor subject,
            String artifactType, Map<String, String> annotations) {
        this.bytes = bytes;
        this.digest = Digest.sha256(bytes);
        this.mediaType = mediaType;
        this.manifests = List.copyOf(manifests);
        this.subject = subject;
        this.artifactType = artifactType;
        this.annotations = Map.copyOf(annotations);
    }

    static ImageIndex decode(byte[] bytes, MediaType type, ObjectNode root, JsonFields f) {
        List<ObjectNode> nodes = f.objects(root, "", "manifests", true);
        List<Descriptor> manifests = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            manifests.add(f.descriptor(nodes.get(i), "manifests[" + i + "]"));
        }
        return new ImageIndex(bytes, type, manifests, ManifestFields.subject(root, f).orElse(null),
                f.string(root, "", "artifactType", false), f.stringMap(root, "", "annotations"));
    }

    /**
     * Creates an index with canonical JSON (fields in spec order, compact, annotations sorted).
     *
     * @param mediaType {@link MediaTypes#OCI_INDEX} or {@link MediaTypes#DOCKER_MANIFEST_LIST}
     * @param manifests the child manifests, with platforms
     * @param annotations annotations, possibly empty
     * @return the index
     * @throws IllegalArgumentException if {@code mediaType} is not an index type
     */
    public static ImageIndex of(MediaType mediaType, List<Descriptor> manifests, Map<String, String> annotations) {
        if (!MediaTypes.INDEXES.contains(mediaType)) {
            throw new IllegalArgumentException("not an index media type: " + mediaType);
        }
        Map<String, String> ann = annotations == null ? Map.of() : annotations;
        ObjectNode n = ManifestFields.header(mediaType, null);
        ArrayNode array = n.putArray("manifests");
        manifests.forEach(m -> array.add(JsonFields.descriptorNode(m)));
        ManifestFields.trailer(n, null, ann);
        return new ImageIndex(JsonFields.toBytes(n), mediaType, manifests, null, null, ann);
    }

    /** @return the child manifests in index order */
    public List<Descriptor> manifests() {
        return manifests;
    }

    /**
     * Picks the manifest for a platform: same os and architecture, and the same variant when {@code wanted} names
     * one. The first match in index order wins, as docker does.
     *
     * @param wanted the platform
     * @return the matching child manifest, if any
     */
    public Optional<Descriptor> forPlatform(Platform wanted) {
        return manifests.stream()
                .filter(d -> d.platform() != null)
                .filter(d -> d.platform().os().equals(wanted.os())
                        && d.platform().architecture().equals(wanted.architecture())
                        && (wanted.variant() == null || wanted.variant().equals(d.platform().variant())))
                .findFirst();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public long size() {
        return bytes.length;
    }

    @Override
    public Digest digest() {
        return digest;
    }

    @Override
    public MediaType mediaType() {
        return mediaType;
    }

    @Override
    public Optional<Descriptor> subject() {
        return Optional.ofNullable(subject);
    }

    @Override
    public String artifactType() {
        return artifactType;
    }

    @Override
    public Map<String, String> annotations() {
        return annotations;
    }

    @Override
    public List<Descriptor> references() {
        return manifests;
    }

    /** Two indexes are equal when their bytes are: same digest and media type. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ImageIndex other && digest.equals(other.digest) && mediaType.equals(other.mediaType);
    }

    @Override
    public int hashCode() {
        return digest.hashCode();
    }

    @Override
    public String toString() {
        return "ImageIndex[" + mediaType + " " + digest + ", " + manifests.size() + " manifests]";
    }
}
