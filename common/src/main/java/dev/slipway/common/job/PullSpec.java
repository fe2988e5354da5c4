package dev.slipway.common.job;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.slipway.common.oci.ImageReference;

/**
 * {@code docker pull}: copy an image (all platforms of an index) from its registry into the layer-store.
 *
 * @param image the image; the tag is {@code latest} unless given
 * @param allTags whether to pull every tag of the repository ({@code --all-tags})
 */
public record PullSpec(ImageReference image, boolean allTags) implements JobSpec {

    /** @throws IllegalArgumentException if the image is missing */
    public PullSpec {
        if (image == null) {
            throw new IllegalArgumentException("pull image is missing");
        }
    }

    @JsonIgnore
    @Override
    public JobKind kind() {
        return JobKind.PULL;
    }
}
