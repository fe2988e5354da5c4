package dev.slipway.sync.transfer;

import dev.slipway.common.oci.Descriptor;
import dev.slipway.common.oci.RepositoryName;

/** Hears how a pull or push goes: each layer's progress, warnings and status lines; called from several threads. */
public interface TransferListener {

    /** A listener that ignores everything (pull-through, mirror rules). */
    TransferListener NONE = (layer, phase, current, from) -> { };

    /** What happened to a layer. */
    enum Phase {
        /** About to be copied. */
        QUEUED,
        /** Bytes are moving ({@code current} of {@code total}). */
        TRANSFERRING,
        /** Copied completely and verified. */
        DONE,
        /** The target had it already. */
        EXISTS,
        /** Linked from another repository of the target ({@code from}). */
        MOUNTED
    }

    /**
     * @param layer the layer
     * @param phase what happened
     * @param current bytes moved so far
     * @param from the repository it was mounted from ({@link Phase#MOUNTED} only), else {@code null}
     */
    void layer(Descriptor layer, Phase phase, long current, RepositoryName from);

    /** Something the user should know although the operation succeeds (stale content). */
    default void warning(String message) { }

    /** A docker-style status line ({@code Digest: sha256:…}). */
    default void status(String message) { }
}
