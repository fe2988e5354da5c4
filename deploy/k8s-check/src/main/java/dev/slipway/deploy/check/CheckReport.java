package dev.slipway.deploy.check;

import java.util.List;

/**
 * The outcome of {@link ManifestCheck#check}.
 *
 * @param violations every problem found; empty means the manifests pass
 * @param unverified resources ({@code Kind/name}) of kinds whose published schema is not in the repository, so only
 *                   their metadata and the cross-checks could be applied — listed, never silently passed
 */
public record CheckReport(List<Violation> violations, List<String> unverified) {
    /** Copies the lists. */
    public CheckReport {
        violations = List.copyOf(violations);
        unverified = List.copyOf(unverified);
    }

    /** @return whether no violation was found */
    public boolean passed() {
        return violations.isEmpty();
    }
}
