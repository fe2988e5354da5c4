package dev.slipway.layerstore.auth;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A verified registry token: who it was issued to, until when, and what it grants.
 *
 * @param subject   the token's {@code sub}
 * @param expiresAt the token's {@code exp}
 * @param access    granted actions by resource ({@code <type>:<name>}, e.g. {@code repository:ouruser/sinatra})
 * @param pullable  the repository patterns the subject may pull, for filtering {@code _catalog}
 */
public record Grant(String subject, Instant expiresAt, Map<String, Set<Action>> access,
        List<RepositoryPattern> pullable) implements Access {

    /** Copies everything into unmodifiable collections. */
    public Grant {
        access = access.entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                entry -> entry.getValue().isEmpty()
                        ? Set.of()
                        : Collections.unmodifiableSet(EnumSet.copyOf(entry.getValue()))));
        pullable = List.copyOf(pullable);
    }

    @Override
    public boolean allows(Scope scope) {
        Set<Action> granted = access.get(scope.type() + ":" + scope.name());
        return granted != null && (granted.contains(Action.ALL) || granted.containsAll(scope.actions()));
    }

    /** A catalog lists what the subject may pull: only names matching {@link #pullable()}. */
    @Override
    public Optional<List<RepositoryPattern>> catalogFilter() {
        return Optional.of(pullable);
    }
}
