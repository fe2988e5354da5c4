package dev.slipway.common.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.slipway.common.oci.ImageReference;

/**
 * {@code docker push}: copy an image from the layer-store to the registry its reference names.
 *
 * @param image the image; a {@code null} tag (and no digest) means every tag of the repository
 */
public record PushSpec(ImageReference image) implements JobSpec {

    /** @throws IllegalArgumentException if the image is missing */
    public PushSpec {
        if (image == null) {
            throw new IllegalArgumentException("push image is missing");
        }
    }

    /**
     * Reads the JSON form. A reference string without tag means {@code latest} when parsed, so "all tags" travels
     * as an explicit flag.
     *
     * @param image the image
     * @param allTags whether every tag is to be pushed; the image's tag and digest are then dropped
     * @return the spec
     */
    @JsonCreator
    static PushSpec fromJson(@JsonProperty("image") ImageReference image, @JsonProperty("allTags") boolean allTags) {
        return new PushSpec(allTags && image != null ? image.withoutTag() : image);
    }

    /** @return whether every tag of the repository is to be pushed */
    @JsonProperty("allTags")
    public boolean allTags() {
        return image.tag() == null && image.digest() == null;
    }

    @JsonIgnore
    @Override
    public JobKind kind() {
        return JobKind.PUSH;
    }
}
