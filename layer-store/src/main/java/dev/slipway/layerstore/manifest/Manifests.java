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
import dev.slipway.layerstore.repository.Page;
import dev.slipway.layerstore.repository.Repositories;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
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
    private final Repositories repositories;
    private final BlobStore blobs;
    private final ObjectMapper json;
    private final int maxBytes;

    Manifests(EntityManager entityManager, Repositories repositories, BlobStore blobs, ObjectMapper json,
            LayerStoreConfig config) {
        this.entityManager = entityManager;
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

        repositories.lockAndEnsure(repository);
        List<String> missing = new ArrayList<>();
        for (Descriptor ref : blobRefs) {
            if (repositories.linked(repository, ref.digest()).isEmpty()) {
                missing.add(ref.digest().toString());
            }
        }
        for (Descriptor ref : manifestRefs) {
            if (idOf(repository, ref.digest()).isEmpty()) {
                missing.add(ref.digest().toString());
            }
        }
        if (!missing.isEmpty()) {
            throw new RegistryException(ErrorCode.MANIFEST_BLOB_UNKNOWN, ErrorCode.MANIFEST_BLOB_UNKNOWN.status(),
                    "the manifest references content this repository does not have: " + String.join(", ", missing),
                    Map.of("digest", missing.get(0)));
        }

        @SuppressWarnings("unchecked")
        List<Number> inserted = entityManager.createNativeQuery("""
                INSERT INTO manifests(repository, digest, media_type, artifact_type, subject, annotations, size, content,
                                      config_digest, created, layers_size, layers_size_uncompressed)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                ON CONFLICT (repository, digest) DO NOTHING
                RETURNING id""")
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
                .getResultList();
        long id;
        if (inserted.isEmpty()) { // pushed before: only the tag may move
            id = idOf(repository, digest).orElseThrow();
        } else {
            id = inserted.get(0).longValue();
            insertRefs(id, blobRefs, manifestRefs);
        }
        tag.ifPresent(t -> entityManager.createNativeQuery("""
                INSERT INTO tags(repository, name, manifest_id) VALUES (?1, ?2, ?3)
                ON CONFLICT (repository, name) DO UPDATE SET manifest_id = excluded.manifest_id, updated_at = now()""")
                .setParameter(1, repository.value())
                .setParameter(2, t.value())
                .setParameter(3, id)
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
        Object[] row = resolve(repository, reference).orElseThrow(() -> unknown(reference));
        return new StoredManifest(Digest.parse((String) row[0]), new MediaType((String) row[1]), (byte[]) row[2]);
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

    /** @return digest, media type and bytes of the manifest a tag or digest names: one query, no entity */
    private Optional<Object[]> resolve(RepositoryName repository, String reference) {
        Query query;
        if (isDigest(reference)) {
            query = entityManager.createNativeQuery("""
                    SELECT digest, media_type, content FROM manifests WHERE repository = ?1 AND digest = ?2""")
                    .setParameter(2, parseDigest(reference).toString());
        } else {
            query = entityManager.createNativeQuery("""
                    SELECT m.digest, m.media_type, m.content FROM tags t JOIN manifests m ON m.id = t.manifest_id
                    WHERE t.repository = ?1 AND t.name = ?2""")
                    .setParameter(2, parseTag(reference).value());
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.setParameter(1, repository.value()).getResultList();
        return rows.stream().findFirst();
    }

    private Optional<Long> idOf(RepositoryName repository, Digest digest) {
        @SuppressWarnings("unchecked")
        List<Number> ids = entityManager
                .createNativeQuery("SELECT id FROM manifests WHERE repository = ?1 AND digest = ?2")
                .setParameter(1, repository.value())
                .setParameter(2, digest.toString())
                .getResultList();
        return ids.stream().findFirst().map(Number::longValue);
    }

    /** Records what a new manifest references, blobs first, in one statement. */
    private void insertRefs(long manifestId, List<Descriptor> blobRefs, List<Descriptor> manifestRefs) {
        int count = blobRefs.size() + manifestRefs.size();
        if (count == 0) {
            return;
        }
        StringBuilder sql = new StringBuilder(
                "INSERT INTO manifest_refs(manifest_id, kind, digest, size, position) VALUES ");
        for (int row = 0; row < count; row++) {
            int first = 2 + row * 3;
            sql.append(row == 0 ? "" : ", ").append("(?1, ?").append(first).append(", ?").append(first + 1)
                    .append(", ?").append(first + 2).append(", ").append(row).append(')');
        }
        Query insert = entityManager.createNativeQuery(sql.toString()).setParameter(1, manifestId);
        int parameter = 2;
        for (int row = 0; row < count; row++) {
            boolean blob = row < blobRefs.size();
            Descriptor ref = blob ? blobRefs.get(row) : manifestRefs.get(row - blobRefs.size());
            insert.setParameter(parameter++, blob ? "BLOB" : "MANIFEST")
                    .setParameter(parameter++, ref.digest().toString())
                    .setParameter(parameter++, ref.size());
        }
        insert.executeUpdate();
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
