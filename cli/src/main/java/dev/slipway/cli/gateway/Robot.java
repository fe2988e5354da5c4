package dev.slipway.cli.gateway;

import java.time.Instant;
import java.util.List;

/**
 * A robot account as {@code POST /api/v1/robots} and {@code GET /api/v1/robots} answer it.
 *
 * @param name the full name, e.g. {@code robot$ouruser+ci}
 * @param token the secret: only in the answer of the create call, which is the one time it is shown
 * @param repositories the repository patterns it may reach, e.g. {@code ouruser/*}
 * @param actions the actions it may do there: {@code pull}, {@code push}, {@code delete}
 * @param expiresAt when its token stops working, or {@code null} for never
 * @param createdBy the user who made it
 * @param createdAt when it was made, or {@code null} if the gateway does not say
 */
public record Robot(String name, String token, List<String> repositories, List<String> actions, Instant expiresAt,
        String createdBy, Instant createdAt) {

    /** Lists the gateway left out are empty lists. */
    public Robot {
        repositories = repositories == null ? List.of() : List.copyOf(repositories);
        actions = actions == null ? List.of() : List.copyOf(actions);
    }
}
