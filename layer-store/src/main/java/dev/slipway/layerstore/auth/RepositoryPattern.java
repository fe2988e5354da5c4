package dev.slipway.layerstore.auth;

import java.util.regex.Pattern;

/**
 * A repository glob from a token's {@code pullable} claim: {@code *} matches any run of characters including
 * {@code /}, every other character is literal ({@code ouruser/*}, {@code library/*}, {@code *}).
 *
 * @param glob the pattern as the token spells it
 */
public record RepositoryPattern(String glob) {

    /** Rejects a missing glob. */
    public RepositoryPattern {
        if (glob == null || glob.isEmpty()) {
            throw new IllegalArgumentException("a repository pattern must not be empty");
        }
    }

    /**
     * The pattern as a regular expression, anchored, that reads the same in Java and in PostgreSQL ({@code ~}): every
     * character but letters and digits is escaped with a backslash, which both take as that literal character.
     *
     * @return the regular expression
     */
    public String regex() {
        StringBuilder regex = new StringBuilder("^");
        for (char c : glob.toCharArray()) {
            if (c == '*') {
                regex.append(".*");
            } else if (Character.isLetterOrDigit(c) && c < 128) {
                regex.append(c);
            } else {
                regex.append('\\').append(c);
            }
        }
        return regex.append('$').toString();
    }

    /**
     * @param repository a repository name
     * @return whether the pattern covers it
     */
    public boolean matches(String repository) {
        return Pattern.matches(regex(), repository);
    }
}
