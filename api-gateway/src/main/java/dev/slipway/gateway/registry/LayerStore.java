package dev.slipway.gateway.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.common.oci.Tag;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the gateway asks of the layer-store: blobs (build contexts), manifests and tags over the OCI /v2 API, and the
 * {@code docker images} listing. Failures to reach it raise {@link LayerStoreException}.
 */
public interface LayerStore {

    /** @return whether the repository already holds the blob ({@code HEAD /v2/<name>/blobs/<digest>}) */
    boolean hasBlob(RepositoryName repository, Digest digest);

    /**
     * Uploads a blob monolithically: {@code POST /v2/<name>/blobs/uploads/} then {@code PUT <Location>?digest=}.
     *
     * @param repository target repository
     * @param digest     the digest of the file's bytes (the registry verifies it)
     * @param file       the content
     */
    void putBlob(RepositoryName repository, Digest digest, Path file);

    /**
     * Reads a small blob whole (an image config): {@code GET /v2/<name>/blobs/<digest>}, verified against the digest.
     *
     * @return the bytes, empty if the repository does not hold the blob
     */
    Optional<byte[]> smallBlob(RepositoryName repository, Digest digest);

    /** @return the manifest a tag or digest points to, with its exact bytes, media type and digest */
    Optional<RawManifest> manifest(RepositoryName repository, String reference);

    /** Stores manifest bytes under a tag ({@code PUT /v2/<name>/manifests/<tag>}). */
    void putManifest(RepositoryName repository, Tag tag, RawManifest manifest);

    /** Stores manifest bytes under their digest (an index's children). */
    void putManifest(RepositoryName repository, RawManifest manifest);

    /**
     * Makes a blob of one repository available in another ({@code POST /v2/<to>/blobs/uploads/?mount=&from=}).
     *
     * @return whether the target now has it
     */
    boolean mountBlob(RepositoryName to, RepositoryName from, Digest digest);

    /** @return the repository's tags, empty if the repository does not exist */
    List<Tag> tags(RepositoryName repository);

    /** Removes a tag (the manifest stays). @return whether it existed */
    boolean deleteTag(RepositoryName repository, Tag tag);

    /** Deletes a manifest by digest. @return whether it existed */
    boolean deleteManifest(RepositoryName repository, Digest digest);

    /** @return every repository name in the registry ({@code GET /v2/_catalog}, all pages) */
    List<RepositoryName> repositories();

    /** @return the {@code docker images} rows ({@code GET /api/v1/images}), optionally of one repository only */
    JsonNode images(String repository);

    /**
     * A manifest as stored.
     *
     * @param bytes     exact bytes
     * @param mediaType its content type
     * @param digest    digest of the bytes
     */
    record RawManifest(byte[] bytes, String mediaType, Digest digest) {
        /** Defensive copy. */
        public RawManifest {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }
}
