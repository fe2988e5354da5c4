package dev.slipway.worker.layer;

import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.MediaType;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A packed layer on local disk.
 *
 * @param file the compressed blob
 * @param mediaType its layer media type
 * @param digest digest of the compressed bytes (the blob's name in a registry)
 * @param size size of the compressed bytes
 * @param diffId digest of the uncompressed tar (the config's {@code rootfs.diff_ids} entry)
 * @param entries number of tar entries; 0 means the step changed nothing
 */
public record LayerBlob(Path file, MediaType mediaType, Digest digest, long size, Digest diffId, long entries) {
    public LayerBlob {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(diffId, "diffId");
    }
}
