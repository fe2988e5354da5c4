package dev.slipway.common.job;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.common.oci.Tag;

/**
 * {@code docker commit -m -a}: turn a container's changes into a new image.
 *
 * @param container the container id (from a run job)
 * @param repository the repository to write
 * @param tag the tag; {@code latest} when not given
 * @param message the commit message ({@code -m}), or {@code null}
 * @param author the author ({@code -a}), or {@code null}
 */
public record CommitSpec(String container, RepositoryName repository, Tag tag, String message, String author)
        implements JobSpec {

    /** @throws IllegalArgumentException if the container or repository is missing */
    public CommitSpec {
        if (container == null || container.isBlank()) {
            throw new IllegalArgumentException("commit container is missing");
        }
        if (repository == null) {
            throw new IllegalArgumentException("commit repository is missing");
        }
        tag = tag == null ? Tag.LATEST : tag;
    }

    @JsonIgnore
    @Override
    public JobKind kind() {
        return JobKind.COMMIT;
    }
}
