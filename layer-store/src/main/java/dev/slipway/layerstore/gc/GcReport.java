package dev.slipway.layerstore.gc;

import java.time.Instant;
import java.util.List;

/**
 * What one collection freed.
 *
 * @param startedAt        when it started
 * @param durationMillis   how long it took
 * @param manifestsDeleted manifests removed (untagged, unreferenced, older than the grace period)
 * @param blobsDeleted     blobs removed
 * @param bytesFreed       bytes of the removed blobs
 * @param uploadsExpired   abandoned upload sessions removed
 * @param leasesExpired    expired leases removed
 * @param freedBlobs       digests of the removed blobs
 */
public record GcReport(Instant startedAt, long durationMillis, int manifestsDeleted, int blobsDeleted, long bytesFreed,
        int uploadsExpired, int leasesExpired, List<String> freedBlobs) {

    /** Copies the list. */
    public GcReport {
        freedBlobs = List.copyOf(freedBlobs);
    }
}
