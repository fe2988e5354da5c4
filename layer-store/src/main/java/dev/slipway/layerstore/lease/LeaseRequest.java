package dev.slipway.layerstore.lease;

import java.util.List;

/**
 * Body of {@code POST /api/v1/leases} and {@code PUT /api/v1/leases/{id}}.
 *
 * @param owner      who holds the lease (a job id, a worker), for people reading it
 * @param ttlSeconds how long it lasts from now unless renewed
 * @param blobs      digests to keep alive (on renewal: digests to add)
 */
public record LeaseRequest(String owner, Long ttlSeconds, List<String> blobs) {

    /** Copies the list. */
    public LeaseRequest {
        blobs = blobs == null ? List.of() : List.copyOf(blobs);
    }
}
