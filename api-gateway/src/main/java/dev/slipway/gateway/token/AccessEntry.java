package dev.slipway.gateway.token;

import java.util.List;

/**
 * One entry of a registry token's {@code access} claim: the actions granted on one resource.
 *
 * @param type    {@code repository} or {@code registry}
 * @param name    the repository name, or {@code catalog}
 * @param actions the granted actions, never empty
 */
record AccessEntry(String type, String name, List<String> actions) {

    AccessEntry {
        actions = List.copyOf(actions);
    }
}
