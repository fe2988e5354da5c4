package dev.slipway.common.oci;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A repository name as used in {@code /v2/<name>/...}: lowercase path components separated by {@code /},
 * each {@code [a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*}, at most 255 characters in total. It carries no registry host:
 * {@code library/ubuntu}, {@code ouruser/sinatra}. Serialised to JSON as its string value.
 *
 * @param value the validated name
 * @see <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests">OCI
 *     distribution spec: repository names</a>
 */
public record RepositoryName(String value) implements Comparable<RepositoryName> {

    /** @throws InvalidReferenceException naming the component and rule that {@code value} breaks */
    public RepositoryName {
        if (value == null) {
            throw new InvalidReferenceException("invalid reference \"\": repository name must not be empty");
        }
        ReferenceGrammar.checkPath(value, value);
    }

    /**
     * @param value a repository name such as {@code library/ubuntu}
     * @return the name
     * @throws InvalidReferenceException naming the component and rule that {@code value} breaks
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static RepositoryName parse(String value) {
        return new RepositoryName(value);
    }

    /** @return the name */
    @JsonValue
    @Override
    public String toString() {
        return value;
    }

    @Override
    public int compareTo(RepositoryName other) {
        return value.compareTo(other.value);
    }
}
