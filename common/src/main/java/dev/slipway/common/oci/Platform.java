package dev.slipway.common.oci;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * The platform an image in an index runs on, as in an OCI index entry's {@code platform} object.
 *
 * @param architecture CPU architecture in GOARCH terms, e.g. {@code amd64}, {@code arm64}
 * @param os operating system in GOOS terms, e.g. {@code linux}
 * @param variant CPU variant such as {@code v8}, or {@code null}
 * @param osVersion OS version (Windows), or {@code null}
 * @param osFeatures required OS features, possibly empty
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/image-index.md">OCI image index</a>
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Platform(
        @JsonProperty("architecture") String architecture,
        @JsonProperty("os") String os,
        @JsonProperty("variant") String variant,
        @JsonProperty("os.version") String osVersion,
        @JsonProperty("os.features") List<String> osFeatures) {

    /** @throws IllegalArgumentException if architecture or os is missing */
    @JsonCreator
    public Platform {
        if (architecture == null || architecture.isBlank()) {
            throw new IllegalArgumentException("platform architecture must not be empty");
        }
        if (os == null || os.isBlank()) {
            throw new IllegalArgumentException("platform os must not be empty");
        }
        osFeatures = osFeatures == null ? List.of() : List.copyOf(osFeatures);
    }

    /**
     * @param os e.g. {@code linux}
     * @param architecture e.g. {@code amd64}
     * @return a platform without variant or OS version
     */
    public static Platform of(String os, String architecture) {
        return new Platform(architecture, os, null, null, List.of());
    }

    /**
     * Parses docker's {@code os/arch[/variant]} form, e.g. {@code linux/arm64/v8}.
     *
     * @param value the platform string
     * @return the platform
     * @throws IllegalArgumentException if not of that form
     */
    public static Platform parse(String value) {
        String[] parts = Objects.requireNonNull(value, "platform").split("/", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("invalid platform \"" + value + "\": must be os/arch[/variant]");
        }
        return new Platform(parts[1], parts[0], parts.length == 3 ? parts[2] : null, null, List.of());
    }

    /** @return {@code os/arch[/variant]} as docker prints it */
    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }
}
