package dev.slipway.worker.build;

import dev.slipway.common.oci.ImageReference;
import dev.slipway.worker.layer.Compression;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One build: an extracted context and the options of {@code docker build}.
 *
 * @param context the build context directory
 * @param dockerfile the Dockerfile's path inside the context
 * @param buildArgs {@code --build-arg} values
 * @param target the stage to build, or null for the last one
 * @param tags where to store the image (may be empty: the image is then only in the cache)
 * @param noCache ignore cached steps (results are still cached)
 * @param sourceDateEpoch clamp for layer mtimes and history times, or null
 * @param labels {@code --label} values added to the image
 * @param secrets {@code --secret} values by id, for {@code RUN --mount=type=secret}
 * @param compression the codec of the layers this build writes (base-image layers stay as they are)
 */
public record BuildRequest(Path context, String dockerfile, Map<String, String> buildArgs, String target,
                           List<ImageReference> tags, boolean noCache, Instant sourceDateEpoch,
                           Map<String, String> labels, Map<String, String> secrets, Compression compression) {

    /**
     * The build argument that chooses the layer codec ({@code gzip}, the default, or {@code zstd}), in the manner of
     * BuildKit's {@code BUILDKIT_*} arguments: read by the worker, never seen by the Dockerfile.
     */
    public static final String COMPRESSION_ARG = "SLIPWAY_LAYER_COMPRESSION";

    public BuildRequest {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(compression, "compression");
        dockerfile = dockerfile == null || dockerfile.isBlank() ? "Dockerfile" : dockerfile;
        buildArgs = Map.copyOf(buildArgs);
        tags = List.copyOf(tags);
        labels = Map.copyOf(labels);
        secrets = Map.copyOf(secrets);
    }

    /** A build writing gzip layers. */
    public BuildRequest(Path context, String dockerfile, Map<String, String> buildArgs, String target,
                        List<ImageReference> tags, boolean noCache, Instant sourceDateEpoch,
                        Map<String, String> labels, Map<String, String> secrets) {
        this(context, dockerfile, buildArgs, target, tags, noCache, sourceDateEpoch, labels, secrets, Compression.GZIP);
    }
}
