package dev.slipway.gateway.access;

import java.util.Locale;
import java.util.Optional;

/** What a token may do on a repository; each registry request needs one (pull for GET/HEAD, push, delete). */
public enum Action {
    PULL,
    PUSH,
    DELETE;

    /** @return the action as the JWT {@code access} claim and the scope grammar spell it: {@code pull} … */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param wire {@code pull}, {@code push} or {@code delete}
     * @return the action, empty for any other word
     */
    public static Optional<Action> fromWire(String wire) {
        for (Action action : values()) {
            if (action.wire().equals(wire)) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }
}
