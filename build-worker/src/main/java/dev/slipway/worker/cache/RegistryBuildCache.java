package dev.slipway.worker.cache;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.common.oci.Descriptor;
import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.ImageConfig;
import dev.slipway.common.oci.ImageManifest;
import dev.slipway.common.oci.Manifest;
import dev.slipway.common.oci.MediaType;
import dev.slipway.common.oci.MediaTypes;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.worker.registry.LayerStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link BuildCache} kept in an OCI registry (the layer-store), so it needs nothing but the /v2 API: each entry is
 * an OCI manifest tagged {@code k-<key hex>} in {@code slipway-internal/build-cache}, whose config blob holds the
 * step's history entry and whose single layer (if any) is the step's layer. The registry's garbage collection then
 * keeps every cached layer alive through its manifest. Build records (the key parts of the last build of a
 * Dockerfile and tag) are tagged {@code r-<hash of the subject>}. Thread-safe.
 */
public final class RegistryBuildCache implements BuildCache {

    /** The repository of cache entries and cached layers. */
    public static final RepositoryName REPOSITORY = RepositoryName.parse("slipway-internal/build-cache");
    static final MediaType ENTRY_TYPE = new MediaType("application/vnd.slipway.build-cache.step.v1+json");
    static final MediaType RECORD_TYPE = new MediaType("application/vnd.slipway.build-cache.record.v1+json");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LayerStore registry;

    public RegistryBuildCache(LayerStore registry) {
        this.registry = registry;
    }

    @Override
    public RepositoryName blobRepository() {
        return REPOSITORY;
    }

    @Override
    public Optional<CacheEntry> lookup(Digest key) throws IOException {
        Optional<Manifest> m = registry.pullManifest(REPOSITORY, "k-" + key.hex());
        if (m.isEmpty() || !(m.get() instanceof ImageManifest im) || !ENTRY_TYPE.equals(im.config().mediaType())) {
            return Optional.empty();
        }
        ObjectNode n = (ObjectNode) JSON.readTree(registry.pullBlobBytes(REPOSITORY, im.config().digest()));
        ImageConfig.History h = new ImageConfig.History(
                n.hasNonNull("created") ? Instant.parse(n.get("created").asText()) : null,
                n.path("createdBy").asText(null), n.path("author").asText(null), n.path("comment").asText(null),
                im.layers().isEmpty());
        if (im.layers().isEmpty()) {
            return Optional.of(new CacheEntry(null, null, h));
        }
        return Optional.of(new CacheEntry(im.layers().get(0), Digest.parse(n.get("diffId").asText()), h));
    }

    @Override
    public void store(Digest key, CacheEntry entry, Path layerFile) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        ImageConfig.History h = entry.history();
        if (h.created() != null) {
            n.put("created", h.created().toString());
        }
        n.put("createdBy", h.createdBy());
        if (h.author() != null) {
            n.put("author", h.author());
        }
        if (h.comment() != null) {
            n.put("comment", h.comment());
        }
        if (entry.diffId() != null) {
            n.put("diffId", entry.diffId().toString());
            registry.pushBlob(REPOSITORY, entry.layer().digest(), layerFile);
        }
        byte[] config = JSON.writeValueAsBytes(n);
        Digest configDigest = registry.pushBlob(REPOSITORY, config);
        ImageManifest m = ImageManifest.of(MediaTypes.OCI_MANIFEST, Descriptor.of(ENTRY_TYPE, configDigest, config.length),
                entry.layer() == null ? List.of() : List.of(entry.layer()), Map.of());
        registry.pushManifest(REPOSITORY, "k-" + key.hex(), m);
    }

    @Override
    public Optional<List<Map<String, String>>> lastBuild(String subject) throws IOException {
        Optional<Manifest> m = registry.pullManifest(REPOSITORY, recordTag(subject));
        if (m.isEmpty() || !(m.get() instanceof ImageManifest im) || !RECORD_TYPE.equals(im.config().mediaType())) {
            return Optional.empty();
        }
        return Optional.of(JSON.readValue(registry.pullBlobBytes(REPOSITORY, im.config().digest()),
                new TypeReference<List<Map<String, String>>>() { }));
    }

    @Override
    public void recordBuild(String subject, List<Map<String, String>> steps) throws IOException {
        byte[] config = JSON.writeValueAsBytes(steps);
        Digest d = registry.pushBlob(REPOSITORY, config);
        registry.pushManifest(REPOSITORY, recordTag(subject),
                ImageManifest.of(MediaTypes.OCI_MANIFEST, Descriptor.of(RECORD_TYPE, d, config.length), List.of(), Map.of()));
    }

    private static String recordTag(String subject) {
        return "r-" + Digest.sha256(subject.getBytes(StandardCharsets.UTF_8)).hex();
    }
}
