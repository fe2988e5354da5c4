package dev.slipway.layerstore.gc;

import dev.slipway.common.oci.Digest;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** The roots collected for one run: manifests (by row id) and blobs (by digest) that must survive. */
public final class GcRoots {

    private final Instant graceCutoff;
    private final Set<Long> manifests = new HashSet<>();
    private final Set<String> blobs = new HashSet<>();

    /** @param graceCutoff content pushed or linked after this instant is young enough to keep */
    GcRoots(Instant graceCutoff) {
        this.graceCutoff = graceCutoff;
    }

    /** @return content pushed or linked after this instant is young enough to keep */
    public Instant graceCutoff() {
        return graceCutoff;
    }

    /** @param ids manifest rows to keep */
    public void manifests(Collection<Long> ids) {
        manifests.addAll(ids);
    }

    /** @param digests blobs to keep, as stored digest strings */
    public void blobs(Collection<String> digests) {
        blobs.addAll(digests);
    }

    /** @param digest a blob to keep */
    public void blob(Digest digest) {
        blobs.add(digest.toString());
    }

    Set<Long> manifestIds() {
        return manifests;
    }

    Set<String> blobDigests() {
        return blobs;
    }
}
