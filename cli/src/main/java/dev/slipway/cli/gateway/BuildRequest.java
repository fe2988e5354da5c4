package dev.slipway.cli.gateway;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The flags of {@code slip build}, sent as the query of {@code POST /api/v1/builds} with Docker Engine API names.
 *
 * @param tags {@code -t}, as typed ({@code t=} repeated)
 * @param dockerfile {@code -f}: the Dockerfile's path inside the context, or {@code null} for {@code Dockerfile}
 * @param buildArgs {@code --build-arg} ({@code buildargs=} JSON object)
 * @param target {@code --target}, or {@code null}
 * @param noCache {@code --no-cache}
 * @param pull {@code --pull}: resolve base images against the upstream again
 */
public record BuildRequest(List<String> tags, String dockerfile, Map<String, String> buildArgs, String target,
        boolean noCache, boolean pull) {

    /** Defensive copies, keeping the order the flags were given in. */
    public BuildRequest {
        tags = List.copyOf(tags);
        buildArgs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(buildArgs));
    }
}
