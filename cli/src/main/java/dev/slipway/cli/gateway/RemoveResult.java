package dev.slipway.cli.gateway;

import java.util.List;

/**
 * Answer of {@code DELETE /api/v1/images/{ref}}: what {@code docker rmi} prints.
 *
 * @param untagged names removed
 * @param deleted image ids deleted
 */
public record RemoveResult(List<String> untagged, List<String> deleted) {

    /** Defensive copies; absent lists are empty. */
    public RemoveResult {
        untagged = untagged == null ? List.of() : List.copyOf(untagged);
        deleted = deleted == null ? List.of() : List.copyOf(deleted);
    }
}
