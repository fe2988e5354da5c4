package dev.slipway.cli.gateway;

import java.util.List;
import java.util.Objects;

/**
 * What {@code slip robot create} asks for ({@code POST /api/v1/robots}).
 *
 * @param name the short name, e.g. {@code ci} (the gateway makes it {@code robot$<user>+ci})
 * @param repositories repository patterns, at least one
 * @param actions actions, at least one
 * @param expiresInDays lifetime in days, or {@code null} for the gateway's default
 */
public record RobotRequest(String name, List<String> repositories, List<String> actions, Integer expiresInDays) {

    /** @throws IllegalArgumentException if a list is empty or the lifetime is not positive */
    public RobotRequest {
        Objects.requireNonNull(name, "name");
        repositories = List.copyOf(repositories);
        actions = List.copyOf(actions);
        if (repositories.isEmpty() || actions.isEmpty()) {
            throw new IllegalArgumentException("a robot needs at least one repository pattern and one action");
        }
        if (expiresInDays != null && expiresInDays <= 0) {
            throw new IllegalArgumentException("a robot's lifetime must be at least one day");
        }
    }
}
