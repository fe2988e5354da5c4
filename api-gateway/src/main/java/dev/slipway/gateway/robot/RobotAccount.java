package dev.slipway.gateway.robot;

import dev.slipway.gateway.access.Action;
import dev.slipway.gateway.access.RepositoryPattern;
import java.util.List;
import java.util.Set;

/**
 * An authenticated robot: what its token may reach.
 *
 * @param name         the robot
 * @param repositories the patterns it is limited to
 * @param actions      the actions it may have on them
 * @param createdBy    the user that made it (its grants never exceed that user's); {@code null} for system robots
 */
public record RobotAccount(RobotName name, List<RepositoryPattern> repositories, Set<Action> actions,
        String createdBy) {

    /** Immutable copies. */
    public RobotAccount {
        repositories = List.copyOf(repositories);
        actions = Set.copyOf(actions);
    }

    /** @return whether the farm itself owns it (no creating user bounds it) */
    public boolean system() {
        return createdBy == null;
    }

    /**
     * @param repository a repository name
     * @return whether one of the robot's patterns matches it
     */
    public boolean covers(String repository) {
        return repositories.stream().anyMatch(p -> p.matches(repository));
    }
}
