package dev.slipway.layerstore.lease;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A lease as answered.
 *
 * @param id        lease id
 * @param owner     holder
 * @param expiresAt when it lapses unless renewed
 * @param blobs     digests it keeps alive
 */
public record LeaseView(UUID id, String owner, Instant expiresAt, List<String> blobs) {

    /** Copies the list. */
    public LeaseView {
        blobs = List.copyOf(blobs);
    }
}
