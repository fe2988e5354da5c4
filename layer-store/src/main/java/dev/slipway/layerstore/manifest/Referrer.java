package dev.slipway.layerstore.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * A descriptor of a manifest that refers to another through its {@code subject} (one entry of the referrers index).
 *
 * @param mediaType    the referrer's media type
 * @param digest       its digest
 * @param size         its size
 * @param artifactType its artifact type ({@code artifactType}, else the config media type), if any
 * @param annotations  its annotations, if any
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Referrer(String mediaType, String digest, long size, String artifactType,
        Map<String, String> annotations) {

    /** Copies the annotations. */
    public Referrer {
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }
}
