package dev.slipway.worker.build;

import dev.slipway.common.oci.ImageReference;
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
 */
public record BuildRequest(Path context, String dockerfile, Map<String, String> buildArgs, String target,
                           List<ImageReference> tags, boolean noCache, Instant sourceDateEpoch,
                           Map<String, String> labels, Map<String, String> secrets) {
    public BuildRequest {
        Objects.requireNonNull(context, "context");
        dockerfile = dockerfile == null || dockerfile.isBlank() ? "Dockerfile" : dockerfile;
        buildArgs = Map.copyOf(buildArgs);
        tags = List.copyOf(tags);
        labels = Map.copyOf(labels);
        secrets = Map.copyOf(secrets);
    }
}
