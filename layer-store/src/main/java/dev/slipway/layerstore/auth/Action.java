package dev.slipway.layerstore.auth;

import java.util.Optional;

/**
 * An action a registry token may grant on a resource, as named in the token's {@code access} claim and in scopes.
 *
 * @see <a href="https://distribution.github.io/distribution/spec/auth/scope/">token scope documentation</a>
 */
public enum Action {
    /** Read manifests, blobs, tags and referrers. */
    PULL("pull"),
    /** Upload blobs and put manifests. */
    PUSH("push"),
    /** Delete manifests, tags and blob links. */
    DELETE("delete"),
    /** Everything on the resource ({@code registry:catalog:*}). */
    ALL("*");

    private final String wire;

    Action(String wire) {
        this.wire = wire;
    }

    /** @return the action as tokens and scopes spell it */
    public String wire() {
        return wire;
    }

    /**
     * @param wire an action as spelled in a token
     * @return the action, or empty for one this registry does not know (it grants nothing here)
     */
    public static Optional<Action> fromWire(String wire) {
        for (Action action : values()) {
            if (action.wire.equals(wire)) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }
}
