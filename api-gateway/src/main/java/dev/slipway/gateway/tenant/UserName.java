package dev.slipway.gateway.tenant;

import dev.slipway.gateway.error.ApiException;
import dev.slipway.gateway.error.ErrorCode;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A user's name, which is also its repository namespace: one component of the OCI repository-name grammar
 * ({@code [a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*}), 2–64 characters, not one of the system namespaces.
 *
 * @param value the validated name
 */
public record UserName(String value) {

    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*");

    /**
     * Namespaces that belong to the farm itself, never to a user; {@code anonymous} is the subject of registry tokens
     * issued without credentials.
     */
    static final Set<String> RESERVED = Set.of("library", "slipway-internal", "system", "anonymous");

    /** Validates; throws {@link ApiException} ({@code invalid-request}) naming the rule broken. */
    public UserName {
        if (value == null || value.length() < 2 || value.length() > 64) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "user name must be 2 to 64 characters");
        }
        if (!COMPONENT.matcher(value).matches()) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "user name \"" + value
                    + "\" must be lowercase letters and digits, separated by '.', '_', '__' or '-' (it is a repository namespace)");
        }
        if (RESERVED.contains(value)) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "user name \"" + value + "\" is a system namespace");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
