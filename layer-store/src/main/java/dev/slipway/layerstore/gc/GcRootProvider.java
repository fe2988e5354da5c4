package dev.slipway.layerstore.gc;

/**
 * A source of garbage-collection roots: content something still needs. The collector marks everything reachable from
 * the roots of every provider (child manifests of an index, the blobs of a manifest, the referrers of a live manifest)
 * and sweeps the rest. Add a provider to protect a new kind of content.
 *
 * <p>Providers run inside the collector's transaction, while it holds the content lock exclusively.
 */
public interface GcRootProvider {

    /** @return a short name for reports, e.g. {@code tags} */
    String name();

    /**
     * Adds this provider's roots.
     *
     * @param roots where to add them
     */
    void addRoots(GcRoots roots);
}
