package dev.slipway.common.job;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.ImageReference;
import java.util.List;
import java.util.Map;

/**
 * {@code docker build}: the build context is a tar blob in the layer-store repository
 * {@code slipway-internal/build-contexts}.
 *
 * @param context digest of the context tar blob
 * @param contextSize size of the context tar in bytes
 * @param tags the references to tag the result with ({@code -t}), possibly empty
 * @param buildArgs {@code --build-arg} values
 * @param target the stage to build ({@code --target}), or {@code null} for the last
 * @param dockerfile path of the Dockerfile inside the context; {@code Dockerfile} when not given
 * @param noCache whether to ignore the build cache ({@code --no-cache})
 * @param sourceDateEpoch {@code SOURCE_DATE_EPOCH} for reproducible timestamps, or {@code null}
 * @param labels extra image labels ({@code --label})
 * @param secrets build secrets by id ({@code --secret}); never written into layers
 * @see <a href="https://docs.docker.com/reference/dockerfile/">Dockerfile reference</a>
 */
public record BuildSpec(
        Digest context,
        long contextSize,
        List<ImageReference> tags,
        Map<String, String> buildArgs,
        String target,
        String dockerfile,
        boolean noCache,
        Long sourceDateEpoch,
        Map<String, String> labels,
        Map<String, String> secrets) implements JobSpec {

    /** The Dockerfile path used when none is given. */
    public static final String DEFAULT_DOCKERFILE = "Dockerfile";
    /** The layer-store repository that holds build contexts. */
    public static final String CONTEXT_REPOSITORY = "slipway-internal/build-contexts";

    /** @throws IllegalArgumentException if the context is missing or a number is negative */
    public BuildSpec {
        if (context == null) {
            throw new IllegalArgumentException("build context digest is missing");
        }
        if (contextSize < 0) {
            throw new IllegalArgumentException("build contextSize must not be negative");
        }
        if (sourceDateEpoch != null && sourceDateEpoch < 0) {
            throw new IllegalArgumentException("build sourceDateEpoch must not be negative");
        }
        tags = tags == null ? List.of() : List.copyOf(tags);
        buildArgs = buildArgs == null ? Map.of() : Map.copyOf(buildArgs);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
        dockerfile = dockerfile == null || dockerfile.isBlank() ? DEFAULT_DOCKERFILE : dockerfile;
        target = target == null || target.isBlank() ? null : target;
    }

    @JsonIgnore
    @Override
    public JobKind kind() {
        return JobKind.BUILD;
    }
}
