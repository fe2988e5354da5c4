package dev.slipway.common.oci;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An OCI content descriptor: what a manifest says about a blob or child manifest it points to.
 *
 * @param mediaType the media type of the referenced content
 * @param digest the digest of the referenced content
 * @param size the size in bytes of the referenced content
 * @param annotations arbitrary metadata, possibly empty
 * @param platform the platform (index entries only), or {@code null}
 * @param artifactType the artifact type, or {@code null}
 * @param urls alternative download locations (foreign layers), possibly empty
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/descriptor.md">OCI content descriptors</a>
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"mediaType", "digest", "size", "urls", "annotations", "platform", "artifactType"})
public record Descriptor(
        @JsonProperty("mediaType") MediaType mediaType,
        @JsonProperty("digest") Digest digest,
        @JsonProperty("size") long size,
        @JsonProperty("annotations") Map<String, String> annotations,
        @JsonProperty("platform") Platform platform,
        @JsonProperty("artifactType") String artifactType,
        @JsonProperty("urls") List<String> urls) {

    /** @throws IllegalArgumentException if a required field is missing or the size is negative */
    @JsonCreator
    public Descriptor {
        Objects.requireNonNull(mediaType, "descriptor mediaType");
        Objects.requireNonNull(digest, "descriptor digest");
        if (size < 0) {
            throw new IllegalArgumentException("descriptor size must not be negative: " + size);
        }
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        urls = urls == null ? List.of() : List.copyOf(urls);
    }

    /**
     * @param mediaType the media type
     * @param digest the digest
     * @param size the size in bytes
     * @return a plain descriptor without annotations, platform, artifact type or urls
     */
    public static Descriptor of(MediaType mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, digest, size, Map.of(), null, null, List.of());
    }

    /**
     * @param mediaType the media type
     * @param content the content
     * @return a descriptor of {@code content} (sha256)
     */
    public static Descriptor of(MediaType mediaType, byte[] content) {
        return of(mediaType, Digest.sha256(content), content.length);
    }

    /**
     * @param platform the platform
     * @return a copy of this descriptor with the given platform
     */
    public Descriptor withPlatform(Platform platform) {
        return new Descriptor(mediaType, digest, size, annotations, platform, artifactType, urls);
    }

    /**
     * @param annotations the annotations
     * @return a copy of this descriptor with the given annotations
     */
    public Descriptor withAnnotations(Map<String, String> annotations) {
        return new Descriptor(mediaType, digest, size, annotations, platform, artifactType, urls);
    }
}
