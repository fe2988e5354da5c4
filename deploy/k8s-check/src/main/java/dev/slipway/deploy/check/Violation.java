package dev.slipway.deploy.check;

import java.util.Objects;

/**
 * One problem found in the rendered manifests.
 *
 * @param resource the offending resource as {@code Kind/name}, or the part of the checkout it concerns
 * @param message  what is wrong, in terms an operator can act on
 */
public record Violation(String resource, String message) {
    /** Validates both parts. */
    public Violation {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return resource + ": " + message;
    }
}
