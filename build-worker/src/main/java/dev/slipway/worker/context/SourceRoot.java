package dev.slipway.worker.context;

import dev.slipway.worker.fs.ScopedPath;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where COPY/ADD sources come from: the build context (with its {@code .dockerignore}) or another stage's or
 * image's filesystem. Resolves source patterns (Go {@code filepath.Match} globs per path component) to paths
 * inside the root; a source that leaves the root — {@code ../x}, or a symlink pointing outside — is refused.
 * Immutable and thread-safe.
 */
public final class SourceRoot {

    private final Path root;
    private final DockerIgnore ignore;
    private final boolean context;

    private SourceRoot(Path root, DockerIgnore ignore, boolean context) {
        this.root = root;
        this.ignore = ignore;
        this.context = context;
    }

    /** The build context extracted at {@code dir}, filtered by its {@code .dockerignore}. */
    public static SourceRoot context(Path dir, DockerIgnore ignore) {
        return new SourceRoot(dir, ignore, true);
    }

    /** A stage's or image's root filesystem. */
    public static SourceRoot filesystem(Path dir) {
        return new SourceRoot(dir, DockerIgnore.none(), false);
    }

    /** The root directory. */
    public Path root() {
        return root;
    }

    /** True for the build context, false for a stage or image. */
    public boolean isContext() {
        return context;
    }

    /** Whether a path relative to the root is hidden by {@code .dockerignore}. */
    public boolean excluded(String relative) {
        return !relative.isEmpty() && ignore.excludes(relative);
    }

    /** A COPY source that cannot be used; the message is what the user sees after "COPY failed: ". */
    public static final class SourceException extends Exception {
        private static final long serialVersionUID = 1L;

        public SourceException(String message) {
            super(message);
        }
    }

    /**
     * One matched source.
     *
     * @param relative slash path relative to the root ("" for the root itself)
     * @param path the resolved path (symlinks of the pattern followed inside the root)
     */
    public record Match(String relative, Path path) {
    }

    /**
     * Resolves a source pattern.
     *
     * @return the matches, sorted; empty when a glob matched nothing
     * @throws SourceException for a path outside the root or a missing non-glob source
     */
    public List<Match> resolve(String pattern) throws SourceException, IOException {
        String cleaned = clean(pattern);
        if (cleaned.equals("..") || cleaned.startsWith("../")) {
            throw new SourceException("forbidden path outside the build context: " + pattern);
        }
        if (!hasGlob(cleaned)) {
            Path p = follow(cleaned, pattern);
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS) || excluded(cleaned)) {
                throw new SourceException((context ? "file not found in build context or excluded by .dockerignore: "
                        : "file not found: ") + "stat " + pattern + ": file does not exist");
            }
            return List.of(new Match(cleaned, p));
        }
        List<Match> out = new ArrayList<>();
        glob(cleaned.isEmpty() ? new String[0] : cleaned.split("/"), 0, "", out, pattern);
        out.sort((a, b) -> a.relative().compareTo(b.relative()));
        return out;
    }

    private void glob(String[] parts, int i, String prefix, List<Match> out, String pattern)
            throws IOException, SourceException {
        if (i == parts.length) {
            if (!excluded(prefix)) {
                out.add(new Match(prefix, follow(prefix, pattern)));
            }
            return;
        }
        Path dir = follow(prefix, pattern);
        if (!Files.isDirectory(dir)) {
            return;
        }
        if (!hasGlob(parts[i])) {
            String next = prefix.isEmpty() ? parts[i] : prefix + "/" + parts[i];
            if (Files.exists(dir.resolve(parts[i]), LinkOption.NOFOLLOW_LINKS)) {
                glob(parts, i + 1, next, out, pattern);
            }
            return;
        }
        Pattern re = componentRegex(parts[i]);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path c : ds) {
                String name = c.getFileName().toString();
                if (re.matcher(name).matches()) {
                    glob(parts, i + 1, prefix.isEmpty() ? name : prefix + "/" + name, out, pattern);
                }
            }
        }
    }

    /** Resolves a relative path, following symlinks only inside the root. */
    private Path follow(String relative, String pattern) throws IOException, SourceException {
        try {
            return ScopedPath.resolve(root, relative, true, ScopedPath.Mode.STRICT);
        } catch (ScopedPath.EscapeException e) {
            throw new SourceException("forbidden path outside the build context: " + pattern + " (" + e.getMessage() + ")");
        }
    }

    private static boolean hasGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    /** One path component of a Go filepath.Match pattern as a regex. */
    static Pattern componentRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else if (c == '\\' && i + 1 < glob.length()) {
                re.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
            } else if (c == '[') {
                int end = glob.indexOf(']', i + 1);
                if (end < 0) {
                    re.append("\\[");
                    continue;
                }
                String cls = glob.substring(i + 1, end);
                re.append('[').append(cls.startsWith("^") ? "^" + cls.substring(1).replace("\\", "\\\\")
                        : cls.replace("\\", "\\\\")).append(']');
                i = end;
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    /** Lexical clean, relative: "/a/./b/" → "a/b"; ".." may remain at the start. */
    static String clean(String p) {
        List<String> out = new ArrayList<>();
        for (String seg : p.split("/+")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..") && !out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
                out.remove(out.size() - 1);
            } else {
                out.add(seg);
            }
        }
        if (p.startsWith("/")) {
            out.removeIf(s -> s.equals(".."));
        }
        return String.join("/", out);
    }
}
