package dev.slipway.layerstore.auth;

import java.util.List;
import java.util.Optional;

/**
 * What the caller of one {@code /v2} request may do: everything when the token flow is off, else what its verified
 * token grants. Resources consult it for the decisions that depend on more than the request line (the source of a
 * cross-repository mount, the names {@code _catalog} may list).
 */
public sealed interface Access permits Access.Unrestricted, Grant {

    /** The access of every request when {@code layerstore.auth.enabled} is false. */
    Access UNRESTRICTED = new Unrestricted();

    /**
     * @param scope the access asked for
     * @return whether every action of it is granted
     */
    boolean allows(Scope scope);

    /** @return the repository patterns {@code _catalog} may list, or empty when it may list everything */
    Optional<List<RepositoryPattern>> catalogFilter();

    /** No token flow: everything is allowed. */
    final class Unrestricted implements Access {

        private Unrestricted() {
        }

        @Override
        public boolean allows(Scope scope) {
            return true;
        }

        @Override
        public Optional<List<RepositoryPattern>> catalogFilter() {
            return Optional.empty();
        }
    }
}
