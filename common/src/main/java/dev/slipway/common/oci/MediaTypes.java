package dev.slipway.common.oci;

import java.util.Set;

/**
 * The OCI and Docker media types Slipway reads and writes.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/media-types.md">OCI media types</a>
 * @see <a href="https://distribution.github.io/distribution/spec/manifest-v2-2/">Docker image manifest v2
 *     schema 2</a>
 */
public final class MediaTypes {
    /** OCI image manifest. */
    public static final MediaType OCI_MANIFEST = new MediaType("application/vnd.oci.image.manifest.v1+json");
    /** OCI image index. */
    public static final MediaType OCI_INDEX = new MediaType("application/vnd.oci.image.index.v1+json");
    /** OCI image config. */
    public static final MediaType OCI_CONFIG = new MediaType("application/vnd.oci.image.config.v1+json");
    /** OCI uncompressed layer tar. */
    public static final MediaType OCI_LAYER_TAR = new MediaType("application/vnd.oci.image.layer.v1.tar");
    /** OCI gzip-compressed layer. */
    public static final MediaType OCI_LAYER_GZIP = new MediaType("application/vnd.oci.image.layer.v1.tar+gzip");
    /** OCI zstd-compressed layer. */
    public static final MediaType OCI_LAYER_ZSTD = new MediaType("application/vnd.oci.image.layer.v1.tar+zstd");
    /** The OCI empty descriptor's media type ({@code {}}, 2 bytes). */
    public static final MediaType OCI_EMPTY = new MediaType("application/vnd.oci.empty.v1+json");
    /** Docker image manifest v2 schema 2. */
    public static final MediaType DOCKER_MANIFEST =
            new MediaType("application/vnd.docker.distribution.manifest.v2+json");
    /** Docker manifest list (schema 2). */
    public static final MediaType DOCKER_MANIFEST_LIST =
            new MediaType("application/vnd.docker.distribution.manifest.list.v2+json");
    /** Docker image config. */
    public static final MediaType DOCKER_CONFIG = new MediaType("application/vnd.docker.container.image.v1+json");
    /** Docker gzip-compressed layer. */
    public static final MediaType DOCKER_LAYER_GZIP =
            new MediaType("application/vnd.docker.image.rootfs.diff.tar.gzip");
    /** Docker foreign (non-distributable) gzip-compressed layer. */
    public static final MediaType DOCKER_FOREIGN_LAYER_GZIP =
            new MediaType("application/vnd.docker.image.rootfs.foreign.diff.tar.gzip");

    /** Media types of single-image manifests. */
    public static final Set<MediaType> IMAGE_MANIFESTS = Set.of(OCI_MANIFEST, DOCKER_MANIFEST);
    /** Media types of manifests that list other manifests. */
    public static final Set<MediaType> INDEXES = Set.of(OCI_INDEX, DOCKER_MANIFEST_LIST);

    private MediaTypes() {
    }

    /**
     * @param mediaType a media type
     * @return whether it is a manifest or index that {@link Manifest#parse} understands
     */
    public static boolean isManifest(MediaType mediaType) {
        return IMAGE_MANIFESTS.contains(mediaType) || INDEXES.contains(mediaType);
    }
}
