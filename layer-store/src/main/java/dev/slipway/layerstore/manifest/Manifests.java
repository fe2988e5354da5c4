package dev.slipway.layerstore.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.common.oci.Descriptor;
import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.ImageConfig;
import dev.slipway.common.oci.ImageIndex;
import dev.slipway.common.oci.ImageManifest;
import dev.slipway.common.oci.InvalidDigestException;
import dev.slipway.common.oci.InvalidReferenceException;
import dev.slipway.common.oci.Manifest;
import dev.slipway.common.oci.MediaType;
import dev.slipway.common.oci.MediaTypes;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.common.oci.Tag;
import dev.slipway.layerstore.blob.BlobStore;
import dev.slipway.layerstore.config.LayerStoreConfig;
import dev.slipway.layerstore.error.ErrorCode;
import dev.slipway.layerstore.error.RegistryException;
import dev.slipway.layerstore.repository.ContentLock;
import dev.slipway.layerstore.repository.Page;
import dev.slipway.layerstore.repository.Repositories;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Manifests and tags of repositories: push (with reference checks), fetch, delete, tag listing and the OCI 1.1
 * referrers. Manifests are kept as the exact bytes pushed; their digest is the digest of those bytes.
 */
@ApplicationScoped
@Transactional
public class Manifests {

    /** Layer media types whose size is the uncompressed size. */
    private static final Set<String> UNCOMPRESSED_LAYERS = Set.of(MediaTypes.OCI_LAYER_TAR.value(),
            "application/vnd.docker.image.rootfs.diff.tar");
    private static final int MAX_CONFIG_READ = 1 << 20;

    private final EntityManager entityManager;
    private final ContentLock lock;
    private final Repositories repositories;
    private final BlobStore blobs;
    private final ObjectMapper json;
    private final int maxBytes;

    Manifests(EntityManager entityManager, ContentLock lock, Repositories repositories, BlobStore blobs,
            ObjectMapper json, LayerStoreConfig config) {
        this.entityManager = entityManager;
        this.lock = lock;
        this.repositories = repositories;
        this.blobs = blobs;
        this.json = json;
        this.maxBytes = config.manifests().maxBytes();
    }

    /** @return the largest manifest accepted, in bytes */
    @Transactional(Transactional.TxType.SUPPORTS)
    public int maxBytes() {
        return maxBytes;
    }

    /**
     * Stores a manifest and, when {@code reference} is a tag, points the tag at it.
     *
     * @param repository  the repository
     * @param reference   a tag or a digest, as in the URL
     * @param bytes       the exact bytes received
     * @param contentType the request's {@code Content-Type}, or null
     * @return the digest and subject of the stored manifest
     * @throws RegistryException {@code MANIFEST_INVALID}, {@code DIGEST_INVALID}, {@code SIZE_INVALID} or
     *                           {@code MANIFEST_BLOB_UNKNOWN}
     */
    public PushedManifest put(RepositoryName repository, String reference, byte[] bytes, String contentType) {
        if (bytes.length > maxBytes) {
            throw new RegistryException(ErrorCode.SIZE_INVALID, 413,
                    "manifest exceeds the " + maxBytes + " byte limit", Map.of("limit", maxBytes));
        }
        Manifest manifest;
        try {
            MediaType type = contentType == null || contentType.isBlank() ? null : MediaType.fromContentType(contentType);
            manifest = Manifest.parse(bytes, type);
        } catch (IllegalArgumentException e) { // InvalidManifestException, or a malformed Content-Type
            throw new RegistryException(ErrorCode.MANIFEST_INVALID, e.getMessage());
        }
        Digest digest = manifest.digest();
        Optional<Tag> tag = Optional.empty();
        if (isDigest(reference)) {
            Digest claimed = parseDigest(reference);
            digest = Digest.of(claimed.algorithm(), bytes);
            if (!digest.equals(claimed)) {
                throw new RegistryException(ErrorCode.DIGEST_INVALID, ErrorCode.DIGEST_INVALID.status(),
                        "the manifest's digest is " + digest + ", not " + claimed, Map.of("digest", claimed.toString()));
            }
        } else {
            tag = Optional.of(parseTag(reference));
        }

        List<Descriptor> blobRefs = new ArrayList<>();
        List<Descriptor> manifestRefs = new ArrayList<>();
        Instant created = null;
        Long layersSize = null;
        boolean uncompressed = false;
        String artifactType = manifest.artifactType();
        String configDigest = null;
        if (manifest instanceof ImageManifest image) {
            blobRefs.add(image.config());
            long sum = 0;
            boolean allUncompressed = !image.layers().isEmpty();
            for (Descriptor layer : image.layers()) {
                if (layer.urls() == null || layer.urls().isEmpty()) {
                    blobRefs.add(layer); // foreign layers (with urls) live elsewhere and are not checked
                }
                sum += layer.size();
                allUncompressed &= UNCOMPRESSED_LAYERS.contains(layer.mediaType().value());
            }
            layersSize = sum;
            uncompressed = allUncompressed;
            configDigest = image.config().digest().toString();
            created = createdOf(image.config());
            if (artifactType == null) {
                artifactType = image.config().mediaType().value();
            }
        } else if (manifest instanceof ImageIndex index) {
            manifestRefs.addAll(index.manifests());
        }

        lock.shared();
        repositories.ensure(repository);
        List<String> missing = new ArrayList<>();
        for (Descriptor ref : blobRefs) {
            if (repositories.linked(repository, ref.digest()).isEmpty()) {
                missing.add(ref.digest().toString());
            }
        }
        for (Descriptor ref : manifestRefs) {
            if (find(repository, ref.digest()).isEmpty()) {
                missing.add(ref.digest().toString());
            }
        }
        if (!missing.isEmpty()) {
            throw new RegistryException(ErrorCode.MANIFEST_BLOB_UNKNOWN, ErrorCode.MANIFEST_BLOB_UNKNOWN.status(),
                    "the manifest references content this repository does not have: " + String.join(", ", missing),
                    Map.of("digest", missing.get(0)));
        }

        int inserted = entityManager.createNativeQuery("""
                INSERT INTO manifests(repository, digest, media_type, artifact_type, subject, annotations, size, content,
                                      config_digest, created, layers_size, layers_size_uncompressed)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                ON CONFLICT (repository, digest) DO NOTHING""")
                .setParameter(1, repository.value())
                .setParameter(2, digest.toString())
                .setParameter(3, manifest.mediaType().value())
                .setParameter(4, artifactType)
                .setParameter(5, manifest.subject().map(s -> s.digest().toString()).orElse(null))
                .setParameter(6, annotationsJson(manifest.annotations()))
                .setParameter(7, (long) bytes.length)
                .setParameter(8, bytes)
                .setParameter(9, configDigest)
                .setParameter(10, created)
                .setParameter(11, layersSize)
                .setParameter(12, uncompressed)
                .executeUpdate();
        ManifestEntity stored = find(repository, digest).orElseThrow();
        if (inserted > 0) {
            insertRefs(stored.id, "BLOB", blobRefs, 0);
            insertRefs(stored.id, "MANIFEST", manifestRefs, blobRefs.size());
        }
        tag.ifPresent(t -> entityManager.createNativeQuery("""
                INSERT INTO tags(repository, name, manifest_id) VALUES (?1, ?2, ?3)
                ON CONFLICT (repository, name) DO UPDATE SET manifest_id = excluded.manifest_id, updated_at = now()""")
                .setParameter(1, repository.value())
                .setParameter(2, t.value())
                .setParameter(3, stored.id)
                .executeUpdate());
        return new PushedManifest(digest, manifest.subject().map(Descriptor::digest));
    }

    /**
     * @param repository the repository
     * @param reference  a tag or a digest
     * @return the manifest
     * @throws RegistryException {@code MANIFEST_UNKNOWN}
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public StoredManifest get(RepositoryName repository, String reference) {
        ManifestEntity entity = resolve(repository, reference).orElseThrow(() -> unknown(reference));
        return new StoredManifest(Digest.parse(entity.digest), new MediaType(entity.mediaType), entity.content);
    }

    /**
     * Deletes a manifest (by digest, with every tag pointing at it) or a tag (by tag).
     *
     * @param repository the repository
     * @param reference  a tag or a digest
     * @throws RegistryException {@code MANIFEST_UNKNOWN}
     */
    public void delete(RepositoryName repository, String reference) {
        int deleted;
        if (isDigest(reference)) {
            deleted = entityManager.createNativeQuery("DELETE FROM manifests WHERE repository = ?1 AND digest = ?2")
                    .setParameter(1, repository.value())
                    .setParameter(2, parseDigest(reference).toString())
                    .executeUpdate();
        } else {
            deleted = entityManager.createNativeQuery("DELETE FROM tags WHERE repository = ?1 AND name = ?2")
                    .setParameter(1, repository.value())
                    .setParameter(2, parseTag(reference).value())
                    .executeUpdate();
        }
        if (deleted == 0) {
            throw unknown(reference);
        }
    }

    /**
     * One page of a repository's tags, in lexical order.
     *
     * @param repository the repository
     * @param limit      most tags to return
     * @param after      return tags after this one, or null
     * @return the page
     * @throws RegistryException {@code NAME_UNKNOWN}
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page tags(RepositoryName repository, int limit, String after) {
        if (!repositories.exists(repository)) {
            throw new RegistryException(ErrorCode.NAME_UNKNOWN, "repository " + repository + " is not known");
        }
        @SuppressWarnings("unchecked")
        List<String> names = entityManager.createNativeQuery("""
                SELECT name FROM tags WHERE repository = ?1 AND name COLLATE "C" > ?2
                ORDER BY name COLLATE "C" LIMIT ?3""")
                .setParameter(1, repository.value())
                .setParameter(2, after == null ? "" : after)
                .setParameter(3, limit + 1)
                .getResultList();
        return Repositories.pageOf(names, limit);
    }

    /**
     * Manifests of a repository whose {@code subject} is {@code subject}.
     *
     * @param repository   the repository
     * @param subject      the referenced manifest's digest (need not exist)
     * @param artifactType only referrers of this artifact type, or null for all
     * @return their descriptors, oldest first
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Referrer> referrers(RepositoryName repository, Digest subject, String artifactType) {
        List<ManifestEntity> found = artifactType == null
                ? ManifestEntity.list("repository = ?1 and subject = ?2 order by id", repository.value(),
                        subject.toString())
                : ManifestEntity.list("repository = ?1 and subject = ?2 and artifactType = ?3 order by id",
                        repository.value(), subject.toString(), artifactType);
        List<Referrer> referrers = new ArrayList<>(found.size());
        for (ManifestEntity entity : found) {
            referrers.add(new Referrer(entity.mediaType, entity.digest, entity.size, entity.artifactType,
                    annotationsOf(entity.annotations)));
        }
        return referrers;
    }

    private Optional<ManifestEntity> resolve(RepositoryName repository, String reference) {
        if (isDigest(reference)) {
            return find(repository, parseDigest(reference));
        }
        Tag tag = parseTag(reference);
        return ManifestEntity.<ManifestEntity>find(
                "from ManifestEntity m where m.id = (select t.manifestId from TagEntity t where t.repository = ?1 and t.name = ?2)",
                repository.value(), tag.value()).firstResultOptional();
    }

    private Optional<ManifestEntity> find(RepositoryName repository, Digest digest) {
        return ManifestEntity.<ManifestEntity>find("repository = ?1 and digest = ?2", repository.value(),
                digest.toString()).firstResultOptional();
    }

    private void insertRefs(long manifestId, String kind, List<Descriptor> refs, int firstPosition) {
        int position = firstPosition;
        for (Descriptor ref : refs) {
            entityManager.createNativeQuery(
                    "INSERT INTO manifest_refs(manifest_id, kind, digest, size, position) VALUES (?1, ?2, ?3, ?4, ?5)")
                    .setParameter(1, manifestId)
                    .setParameter(2, kind)
                    .setParameter(3, ref.digest().toString())
                    .setParameter(4, ref.size())
                    .setParameter(5, position++)
                    .executeUpdate();
        }
    }

    /** Reads the creation time from an image config, when the blob is here and parses; listing only, never fatal. */
    private Instant createdOf(Descriptor config) {
        if (config.size() > MAX_CONFIG_READ) {
            return null;
        }
        try (InputStream in = blobs.open(config.digest(), 0)) {
            return ImageConfig.parse(in.readNBytes(MAX_CONFIG_READ)).created();
        } catch (IOException | RuntimeException notAnImageConfig) {
            return null; // artifacts carry other configs; the created column stays empty
        }
    }

    private String annotationsJson(Map<String, String> annotations) {
        if (annotations == null || annotations.isEmpty()) {
            return null;
        }
        try {
            return json.writeValueAsString(annotations);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("annotations are plain strings", e);
        }
    }

    private Map<String, String> annotationsOf(String stored) {
        if (stored == null) {
            return Map.of();
        }
        try {
            return json.readValue(stored, new TypeReference<Map<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored annotations are written by annotationsJson", e);
        }
    }

    private static boolean isDigest(String reference) {
        return reference.indexOf(':') >= 0;
    }

    private static Digest parseDigest(String reference) {
        try {
            return Digest.parse(reference);
        } catch (InvalidDigestException e) {
            throw new RegistryException(ErrorCode.DIGEST_INVALID, e.getMessage());
        }
    }

    private static Tag parseTag(String reference) {
        try {
            return Tag.parse(reference);
        } catch (InvalidReferenceException e) {
            throw new RegistryException(ErrorCode.MANIFEST_INVALID, "invalid tag: " + e.getMessage());
        }
    }

    private static RegistryException unknown(String reference) {
        return new RegistryException(ErrorCode.MANIFEST_UNKNOWN, "manifest " + reference + " is not known");
    }
}
