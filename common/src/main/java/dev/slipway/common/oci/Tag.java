package dev.slipway.common.oci;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * An image tag: {@code [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}}. Serialised to JSON as its string value.
 *
 * @param value the validated tag
 * @see <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests">OCI
 *     distribution spec: tags</a>
 */
public record Tag(String value) implements Comparable<Tag> {

    /** The tag Docker assumes when a reference names none. */
    public static final Tag LATEST = new Tag("latest");

    /** @throws InvalidReferenceException naming the rule that {@code value} breaks */
    public Tag {
        if (value == null) {
            throw new InvalidReferenceException("invalid tag \"\": tag must not be empty");
        }
        ReferenceGrammar.checkTag(value, value);
    }

    /**
     * @param value a tag such as {@code 14.04}
     * @return the tag
     * @throws InvalidReferenceException naming the rule that {@code value} breaks
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Tag parse(String value) {
        return new Tag(value);
    }

    /** @return the tag */
    @JsonValue
    @Override
    public String toString() {
        return value;
    }

    @Override
    public int compareTo(Tag other) {
        return value.compareTo(other.value);
    }
}
