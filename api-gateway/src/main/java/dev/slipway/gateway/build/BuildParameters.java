package dev.slipway.gateway.build;

import dev.slipway.common.oci.ImageReference;
import java.util.List;
import java.util.Map;

/**
 * The validated query of {@code POST /api/v1/builds}: what {@code docker build} flags say.
 *
 * @param tags            {@code -t}, normalised
 * @param buildArgs       {@code --build-arg}
 * @param target          {@code --target} or null
 * @param dockerfile      {@code -f} path inside the context
 * @param noCache         {@code --no-cache}
 * @param sourceDateEpoch {@code SOURCE_DATE_EPOCH} or null
 * @param labels          {@code --label}
 */
record BuildParameters(List<ImageReference> tags, Map<String, String> buildArgs, String target, String dockerfile,
        boolean noCache, Long sourceDateEpoch, Map<String, String> labels) {

    BuildParameters {
        tags = List.copyOf(tags);
        buildArgs = Map.copyOf(buildArgs);
        labels = Map.copyOf(labels);
    }
}
