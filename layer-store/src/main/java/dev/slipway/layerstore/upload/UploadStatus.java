package dev.slipway.layerstore.upload;

import dev.slipway.common.oci.RepositoryName;
import java.util.Objects;
import java.util.UUID;

/**
 * Where an upload session stands.
 *
 * @param id         session id
 * @param repository repository the blob goes to
 * @param received   bytes accepted so far
 */
public record UploadStatus(UUID id, RepositoryName repository, long received) {

    /** Validates the fields. */
    public UploadStatus {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(repository, "repository");
        if (received < 0) {
            throw new IllegalArgumentException("received must not be negative");
        }
    }
}
