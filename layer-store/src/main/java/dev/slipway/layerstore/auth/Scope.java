package dev.slipway.layerstore.auth;

import dev.slipway.common.oci.RepositoryName;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Access to one resource: {@code repository:ouruser/sinatra:pull,push} or {@code registry:catalog:*}. Its string form
 * is what a {@code WWW-Authenticate} challenge names and what clients ask the token endpoint for.
 *
 * @param type    resource type ({@code repository} or {@code registry})
 * @param name    resource name
 * @param actions the actions, at least one, iterated in declaration order
 * @see <a href="https://distribution.github.io/distribution/spec/auth/scope/">token scope documentation</a>
 */
public record Scope(String type, String name, Set<Action> actions) {

    /** The access {@code GET /v2/_catalog} needs. */
    public static final Scope CATALOG = new Scope("registry", "catalog", Set.of(Action.ALL));

    /** Validates and copies the actions into an ordered, unmodifiable set. */
    public Scope {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("a scope names at least one action");
        }
        actions = Collections.unmodifiableSet(EnumSet.copyOf(actions));
    }

    /**
     * @param repository the repository
     * @param first      an action
     * @param more       further actions
     * @return {@code repository:<name>:<actions>}
     */
    public static Scope repository(RepositoryName repository, Action first, Action... more) {
        return new Scope("repository", repository.value(), EnumSet.of(first, more));
    }

    /** @return {@code <type>:<name>:<action>,<action>} */
    @Override
    public String toString() {
        return type + ":" + name + ":" + actions.stream().map(Action::wire).collect(Collectors.joining(","));
    }
}
