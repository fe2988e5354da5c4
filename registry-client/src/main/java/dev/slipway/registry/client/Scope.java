package dev.slipway.registry.client;

import dev.slipway.common.oci.RepositoryName;
import java.util.List;
import java.util.TreeSet;

/**
 * The token scopes a request needs ({@code repository:library/centos:pull}); also the key of the token cache.
 *
 * @param values the scope strings, sorted and distinct
 * @see <a href="https://distribution.github.io/distribution/spec/auth/scope/">Token scope documentation</a>
 */
record Scope(List<String> values) {

    Scope {
        values = List.copyOf(new TreeSet<>(values));
    }

    static Scope none() {
        return new Scope(List.of());
    }

    static Scope pull(RepositoryName repository) {
        return new Scope(List.of("repository:" + repository + ":pull"));
    }

    static Scope push(RepositoryName repository) {
        return new Scope(List.of("repository:" + repository + ":pull,push"));
    }

    /** Pushing into {@code repository} while mounting from {@code from}. */
    static Scope mount(RepositoryName repository, RepositoryName from) {
        return new Scope(List.of("repository:" + repository + ":pull,push", "repository:" + from + ":pull"));
    }

    static Scope catalog() {
        return new Scope(List.of("registry:catalog:*"));
    }

    /** This scope plus the one a challenge named (a registry may ask for more than the client guessed). */
    Scope with(String extra) {
        if (extra == null || extra.isBlank() || values.contains(extra)) {
            return this;
        }
        List<String> all = new java.util.ArrayList<>(values);
        all.addAll(List.of(extra.trim().split(" +")));
        return new Scope(all);
    }

    String key() {
        return String.join(" ", values);
    }
}
