package dev.slipway.worker.build;

import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.ImageReference;
import java.util.List;

/**
 * A finished build.
 *
 * @param manifestDigest the image manifest's digest (what {@code docker images --digests} shows)
 * @param configDigest the config's digest (the image ID)
 * @param tags every tag that was set
 * @param stepsRun steps that ran (not answered by the cache)
 * @param stepsCached steps answered by the cache
 */
public record BuildResult(Digest manifestDigest, Digest configDigest, List<ImageReference> tags, int stepsRun,
                          int stepsCached) {
    public BuildResult {
        tags = List.copyOf(tags);
    }
}
