package dev.slipway.cli.context;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules of a {@code .dockerignore} file: one pattern a line, {@code #} comments, Go {@code filepath.Match}
 * syntax ({@code *}, {@code ?}, {@code [a-z]}, {@code \} escapes) plus {@code **} for any number of directories,
 * {@code !} re-including what an earlier line excluded; the last matching line decides; a pattern that matches a
 * directory excludes everything below it; leading and trailing slashes and {@code ./} do not matter.
 *
 * @see <a href="https://docs.docker.com/build/concepts/context/#dockerignore-files">.dockerignore files</a>
 */
public final class DockerIgnore {

    private final List<Rule> rules;

    private DockerIgnore(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** @return rules that exclude nothing */
    public static DockerIgnore none() {
        return new DockerIgnore(List.of());
    }

    /**
     * @param content the file's text
     * @return its rules
     * @throws IllegalArgumentException naming the line of a malformed pattern (e.g. an unclosed {@code [})
     */
    public static DockerIgnore parse(String content) {
        List<Rule> rules = new ArrayList<>();
        String[] lines = content.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean include = line.startsWith("!");
            String pattern = clean(include ? line.substring(1).strip() : line);
            if (pattern.isEmpty()) {
                continue;
            }
            try {
                rules.add(new Rule(Pattern.compile(toRegex(pattern)), include));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(".dockerignore line " + (i + 1) + ": invalid pattern \"" + line
                        + "\": " + e.getMessage(), e);
            }
        }
        return new DockerIgnore(rules);
    }

    /**
     * @param path a path relative to the context root, {@code /}-separated, e.g. {@code src/app.rb}
     * @return whether it stays out of the context
     */
    public boolean excludes(String path) {
        String p = clean(path);
        boolean excluded = false;
        for (Rule rule : rules) {
            if (rule.matchesOrParentMatches(p)) {
                excluded = !rule.include();
            }
        }
        return excluded;
    }

    /** @return whether some rule re-includes paths, so an excluded directory must still be walked */
    public boolean hasExceptions() {
        return rules.stream().anyMatch(Rule::include);
    }

    /**
     * Like Go's {@code filepath.Clean} on Linux for relative paths, without leading {@code /} or {@code ./}; a
     * backslash stays an escape, not a separator.
     */
    static String clean(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
                continue;
            }
            parts.add(part);
        }
        return String.join("/", parts);
    }

    private static String toRegex(String pattern) {
        StringBuilder regex = new StringBuilder("^");
        int n = pattern.length();
        for (int i = 0; i < n; i++) {
            char c = pattern.charAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < n && pattern.charAt(i + 1) == '*') {
                        i++;
                        if (i + 1 < n && pattern.charAt(i + 1) == '/') {
                            i++;
                            regex.append("(?:.*/)?");
                        } else {
                            regex.append(".*");
                        }
                    } else {
                        regex.append("[^/]*");
                    }
                }
                case '?' -> regex.append("[^/]");
                case '[' -> {
                    int close = pattern.indexOf(']', i + 2);
                    if (close < 0) {
                        throw new IllegalArgumentException("unclosed [");
                    }
                    String body = pattern.substring(i + 1, close);
                    if (body.startsWith("^") || body.startsWith("!")) {
                        body = "^" + body.substring(1);
                    }
                    regex.append('[').append(body.replace("\\", "\\\\").replace("[", "\\[")).append(']');
                    i = close;
                }
                case '\\' -> {
                    if (i + 1 >= n) {
                        throw new IllegalArgumentException("trailing \\");
                    }
                    regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
                }
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.append('$').toString();
    }

    /** One line: its pattern and whether it re-includes ({@code !}). */
    private record Rule(Pattern pattern, boolean include) {

        boolean matchesOrParentMatches(String path) {
            if (pattern.matcher(path).matches()) {
                return true;
            }
            for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
                if (pattern.matcher(path.substring(0, slash)).matches()) {
                    return true;
                }
            }
            return false;
        }
    }
}
