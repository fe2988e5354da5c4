package dev.slipway.worker.build;

import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.ImageConfig;
import dev.slipway.worker.dockerfile.VariableScope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The state of one stage while it is built: the image config so far, its layers, variable scope, the key of the
 * last step and the time of the last history entry. Mutable; owned by the stage's thread.
 */
final class StageState {

    ImageConfig config;
    final List<LayerRef> layers = new ArrayList<>();
    final VariableScope scope;
    Digest key;
    boolean cmdSet;
    /** Metadata steps take this time, so a fully cached build writes a byte-identical config. */
    Instant lastCreated;
    /** The key parts of every step, recorded for the next build's miss explanations. */
    final List<java.util.Map<String, String>> keyParts = new ArrayList<>();

    StageState(ImageConfig config, List<LayerRef> layers, VariableScope scope, Digest key, Instant lastCreated) {
        this.config = config;
        this.layers.addAll(layers);
        this.scope = scope;
        this.key = key;
        this.lastCreated = lastCreated;
    }

    List<Digest> diffIds() {
        return layers.stream().map(LayerRef::diffId).toList();
    }
}
