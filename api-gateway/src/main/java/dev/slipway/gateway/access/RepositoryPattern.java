package dev.slipway.gateway.access;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.slipway.gateway.error.ApiException;
import dev.slipway.gateway.error.ErrorCode;
import java.util.regex.Pattern;

/**
 * A glob over repository names, as robots and the {@code pullable} claim use them: {@code *} matches any run of
 * characters including {@code /}; every other character is literal. {@code ouruser/*} matches {@code ouruser/a} and
 * {@code ouruser/a/b}, not {@code ouruser2/a}.
 *
 * @param value the validated pattern
 */
public record RepositoryPattern(String value) {

    /** The characters of repository names, plus the wildcard. */
    private static final Pattern ALLOWED = Pattern.compile("[a-z0-9._/*-]{1,255}");

    /** Validates; throws {@link ApiException} ({@code invalid-robot-pattern}) naming the rule broken. */
    public RepositoryPattern {
        if (value == null || !ALLOWED.matcher(value).matches()) {
            throw new ApiException(ErrorCode.INVALID_ROBOT_PATTERN, "repository pattern \"" + value
                    + "\" must be 1 to 255 characters of lowercase letters, digits, '.', '_', '-', '/' and the wildcard '*'");
        }
    }

    /** @return the pattern parsed from JSON */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static RepositoryPattern parse(String value) {
        return new RepositoryPattern(value);
    }

    /** @return the pattern matching every repository of {@code namespace}: {@code <namespace>/*} */
    public static RepositoryPattern namespace(String namespace) {
        return new RepositoryPattern(namespace + "/*");
    }

    /** @return the pattern matching exactly one repository */
    public static RepositoryPattern exactly(String repository) {
        return new RepositoryPattern(repository);
    }

    /**
     * @param repository a repository name
     * @return whether the glob matches the whole name
     */
    public boolean matches(String repository) {
        // Greedy wildcard match with backtracking to the last '*': linear in practice, no regex compilation.
        int p = 0;
        int r = 0;
        int star = -1;
        int resume = 0;
        while (r < repository.length()) {
            if (p < value.length() && value.charAt(p) == '*') {
                star = p++;
                resume = r;
            } else if (p < value.length() && value.charAt(p) == repository.charAt(r)) {
                p++;
                r++;
            } else if (star >= 0) {
                p = star + 1;
                r = ++resume;
            } else {
                return false;
            }
        }
        while (p < value.length() && value.charAt(p) == '*') {
            p++;
        }
        return p == value.length();
    }

    /**
     * @param namespace a user's namespace
     * @return whether everything the pattern can match lies inside {@code <namespace>/}
     */
    public boolean isInside(String namespace) {
        String prefix = namespace + "/";
        int star = value.indexOf('*');
        String literal = star < 0 ? value : value.substring(0, star);
        return literal.startsWith(prefix) && (star >= 0 || value.length() > prefix.length());
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
