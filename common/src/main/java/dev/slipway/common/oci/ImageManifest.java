package dev.slipway.common.oci;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A single-image manifest: OCI image manifest v1 or Docker image manifest v2 schema 2. Immutable; holds the exact
 * bytes (see {@link Manifest}).
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/manifest.md">OCI image manifest</a>
 * @see <a href="https://distribution.github.io/distribution/spec/manifest-v2-2/">Docker manifest v2 schema 2</a>
 */
public final class ImageManifest implements Manifest {
    private final byte[] bytes;
    private final Digest digest;
    private final MediaType mediaType;
    private final Descriptor config;
    private final List<Descriptor> layers;
    private final Descriptor subject;
    private final String artifactType;
    private final Map<String, String> annotations;

    private ImageManifest(byte[] bytes, MediaType mediaType, Descriptor config, List<Descriptor> layers,
            Descriptor subject, String artifactType, Map<String, String> annotations) {
        this.bytes = bytes;
        this.digest = Digest.sha256(bytes);
        this.mediaType = mediaType;
        this.config = config;
        this.layers = List.copyOf(layers);
        this.subject = subject;
        this.artifactType = artifactType;
        this.annotations = Map.copyOf(annotations);
    }

    static ImageManifest decode(byte[] bytes, MediaType type, ObjectNode root, JsonFields f) {
        ObjectNode configNode = f.object(root, "", "config", true);
        Descriptor config = f.descriptor(configNode, "config");
        List<ObjectNode> layerNodes = f.objects(root, "", "layers", true);
        List<Descriptor> layers = new ArrayList<>();
        for (int i = 0; i < layerNodes.size(); i++) {
            layers.add(f.descriptor(layerNodes.get(i), "layers[" + i + "]"));
        }
        return new ImageManifest(bytes, type, config, layers, ManifestFields.subject(root, f).orElse(null),
                f.string(root, "", "artifactType", false), f.stringMap(root, "", "annotations"));
    }

    /**
     * Creates a manifest with canonical JSON: fields in spec order, compact, annotations sorted, so the same
     * inputs always give the same bytes and digest.
     *
     * @param mediaType {@link MediaTypes#OCI_MANIFEST} or {@link MediaTypes#DOCKER_MANIFEST}
     * @param config the config blob
     * @param layers the layer blobs, base first
     * @param annotations annotations, possibly empty
     * @return the manifest
     * @throws IllegalArgumentException if {@code mediaType} is not an image manifest type
     */
    public static ImageManifest of(MediaType mediaType, Descriptor config, List<Descriptor> layers,
            Map<String, String> annotations) {
        return of(mediaType, config, layers, annotations, null, null);
    }

    /**
     * Creates an OCI 1.1 manifest that may refer to a subject and carry an artifact type.
     *
     * @param mediaType {@link MediaTypes#OCI_MANIFEST} or {@link MediaTypes#DOCKER_MANIFEST}
     * @param config the config blob
     * @param layers the layer blobs, base first
     * @param annotations annotations, possibly empty
     * @param subject the manifest this one refers to, or {@code null}
     * @param artifactType the artifact type, or {@code null}
     * @return the manifest
     * @throws IllegalArgumentException if {@code mediaType} is not an image manifest type
     */
    public static ImageManifest of(MediaType mediaType, Descriptor config, List<Descriptor> layers,
            Map<String, String> annotations, Descriptor subject, String artifactType) {
        if (!MediaTypes.IMAGE_MANIFESTS.contains(mediaType)) {
            throw new IllegalArgumentException("not an image manifest media type: " + mediaType);
        }
        Objects.requireNonNull(config, "config");
        ObjectNode n = ManifestFields.header(mediaType, artifactType);
        n.set("config", JsonFields.descriptorNode(config));
        ArrayNode layerArray = n.putArray("layers");
        layers.forEach(l -> layerArray.add(JsonFields.descriptorNode(l)));
        ManifestFields.trailer(n, subject, annotations == null ? Map.of() : annotations);
        byte[] json = JsonFields.toBytes(n);
        return new ImageManifest(json, mediaType, config, layers, subject, artifactType,
                annotations == null ? Map.of() : annotations);
    }

    /** @return the config blob */
    public Descriptor config() {
        return config;
    }

    /** @return the layer blobs, base first */
    public List<Descriptor> layers() {
        return layers;
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
        List<Descriptor> all = new ArrayList<>(layers.size() + 1);
        all.add(config);
        all.addAll(layers);
        return List.copyOf(all);
    }

    /** Two manifests are equal when their bytes are: same digest and media type. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ImageManifest other && digest.equals(other.digest) && mediaType.equals(other.mediaType);
    }

    @Override
    public int hashCode() {
        return digest.hashCode();
    }

    @Override
    public String toString() {
        return "ImageManifest[" + mediaType + " " + digest + ", " + layers.size() + " layers]";
    }
}
