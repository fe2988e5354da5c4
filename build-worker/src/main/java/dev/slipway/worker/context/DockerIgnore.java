package dev.slipway.worker.context;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The rules of a {@code .dockerignore} file: one pattern per line, {@code #} comments, Go
 * {@code filepath.Match} syntax ({@code *}, {@code ?}, {@code [...]}, {@code \} escapes) plus {@code **}
 * for any number of directories, {@code !} for exceptions; the last matching line decides. A pattern that
 * matches a directory excludes everything below it. Immutable and thread-safe.
 *
 * @see <a href="https://docs.docker.com/build/concepts/context/#dockerignore-files">.dockerignore files</a>
 */
public final class DockerIgnore {

    private static final DockerIgnore NONE = new DockerIgnore(List.of());

    private final List<Rule> rules;

    private DockerIgnore(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** One compiled line. */
    private record Rule(String pattern, Pattern regex, boolean exception) {
    }

    /** No rules: nothing is excluded. */
    public static DockerIgnore none() {
        return NONE;
    }

    /**
     * Parses a {@code .dockerignore} file.
     *
     * @throws IllegalArgumentException naming the line of a malformed pattern
     */
    public static DockerIgnore parse(String content) {
        List<Rule> rules = new ArrayList<>();
        String[] lines = content.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            if (line.startsWith("#")) {
                continue;
            }
            String p = line.strip();
            if (p.isEmpty()) {
                continue;
            }
            boolean exception = false;
            if (p.startsWith("!")) {
                exception = true;
                p = p.substring(1).strip();
                if (p.isEmpty()) {
                    throw new IllegalArgumentException(".dockerignore line " + (n + 1) + ": illegal exclusion pattern: \"!\"");
                }
            }
            p = clean(p);
            if (p.isEmpty() || p.equals(".")) {
                // "." or "/" would exclude the whole context; Docker ignores such lines for matching files
                continue;
            }
            try {
                rules.add(new Rule(p, compile(p), exception));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(".dockerignore line " + (n + 1) + ": syntax error in pattern \""
                        + line.strip() + "\"");
            }
        }
        return new DockerIgnore(rules);
    }

    /** True when nothing at all is excluded. */
    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /**
     * Whether a context path is excluded.
     *
     * @param relativePath a slash-separated path relative to the context root, without a leading slash
     */
    public boolean excludes(String relativePath) {
        String path = clean(relativePath);
        String[] parts = path.split("/");
        boolean excluded = false;
        for (Rule r : rules) {
            boolean match = r.regex.matcher(path).matches();
            if (!match) {
                // A pattern matching a parent directory matches everything below it.
                StringBuilder parent = new StringBuilder();
                for (int i = 0; i < parts.length - 1 && !match; i++) {
                    if (i > 0) {
                        parent.append('/');
                    }
                    parent.append(parts[i]);
                    match = r.regex.matcher(parent).matches();
                }
            }
            if (match) {
                excluded = !r.exception;
            }
        }
        return excluded;
    }

    /**
     * Whether a directory may hold paths that an exception re-includes, so a walker must descend into an
     * excluded directory instead of pruning it.
     */
    public boolean mayIncludeBelow(String relativeDir) {
        String dir = clean(relativeDir) + "/";
        for (Rule r : rules) {
            if (r.exception && (r.pattern.startsWith(dir) || r.pattern.contains("*") || r.pattern.contains("?")
                    || r.pattern.contains("["))) {
                return true;
            }
        }
        return false;
    }

    /** Like Go's filepath.Clean on a slash path, without a leading slash. */
    static String clean(String p) {
        List<String> out = new ArrayList<>();
        for (String seg : p.split("/+")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                if (!out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
                    out.remove(out.size() - 1);
                }
                continue;
            }
            out.add(seg);
        }
        return String.join("/", out);
    }

    private static Pattern compile(String pattern) {
        StringBuilder re = new StringBuilder("^");
        int i = 0;
        int n = pattern.length();
        while (i < n) {
            char c = pattern.charAt(i);
            if (c == '*') {
                if (i + 1 < n && pattern.charAt(i + 1) == '*') {
                    i += 2;
                    if (i < n && pattern.charAt(i) == '/') {
                        i++;
                    }
                    re.append(i >= n ? ".*" : "(.*/)?");
                    continue;
                }
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else if (c == '\\') {
                if (i + 1 >= n) {
                    throw new PatternSyntaxException("trailing escape", pattern, i);
                }
                re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '[') {
                int end = pattern.indexOf(']', i + 2);
                if (end < 0) {
                    throw new PatternSyntaxException("unterminated character class", pattern, i);
                }
                String cls = pattern.substring(i + 1, end);
                boolean negate = cls.startsWith("^") || cls.startsWith("!");
                if (negate) {
                    cls = cls.substring(1);
                }
                re.append(negate ? "[^/" : "[");
                for (int k = 0; k < cls.length(); k++) {
                    char cc = cls.charAt(k);
                    if (cc == '\\' && k + 1 < cls.length()) {
                        cc = cls.charAt(++k);
                        re.append('\\').append(cc);
                    } else if (cc == '-') {
                        re.append('-');
                    } else if (Character.isLetterOrDigit(cc)) {
                        re.append(cc);
                    } else {
                        re.append('\\').append(cc);
                    }
                }
                re.append(']');
                i = end;
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
            i++;
        }
        re.append('$');
        return Pattern.compile(re.toString());
    }
}
