package dev.slipway.worker.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves a path inside a root directory (a rootfs or a snapshot) so that the result can never be outside it,
 * whatever symlinks the tree holds. Symlinks are read from the tree, never followed by the host kernel.
 * Thread-safe (stateless).
 */
public final class ScopedPath {

    private static final int MAX_LINKS = 40;

    /** How symlinks and {@code ..} that point out of the root are treated. */
    public enum Mode {
        /**
         * Like a chroot: an absolute symlink is relative to the root and {@code ..} stops at the root. For COPY
         * destinations and user lookups inside an image.
         */
        IN_SCOPE,
        /**
         * For untrusted archives: an absolute symlink on the way, or a {@code ..} or relative symlink that would
         * leave the root, is refused with {@link EscapeException}.
         */
        STRICT
    }

    /** A path that would leave the root. */
    public static final class EscapeException extends IOException {
        private static final long serialVersionUID = 1L;

        public EscapeException(String message) {
            super(message);
        }
    }

    private ScopedPath() {
    }

    /**
     * Resolves {@code path} (absolute or relative to the root; slash-separated) inside {@code root}.
     *
     * @param followFinal whether a symlink in the last component is followed too
     * @return a path under {@code root}; it may not exist
     * @throws EscapeException in {@link Mode#STRICT} when the path would leave the root, and in both modes after
     *     too many symlinks
     */
    public static Path resolve(Path root, String path, boolean followFinal, Mode mode) throws IOException {
        Deque<String> remaining = new ArrayDeque<>(split(path));
        List<String> current = new ArrayList<>();
        int links = 0;
        while (!remaining.isEmpty()) {
            String c = remaining.pop();
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (current.isEmpty()) {
                    if (mode == Mode.STRICT) {
                        throw new EscapeException("path " + path + " leaves the root");
                    }
                } else {
                    current.remove(current.size() - 1);
                }
                continue;
            }
            Path candidate = join(root, current).resolve(c);
            boolean last = remaining.isEmpty();
            if ((!last || followFinal) && Files.isSymbolicLink(candidate)) {
                if (++links > MAX_LINKS) {
                    throw new EscapeException("too many levels of symbolic links resolving " + path);
                }
                String target = Files.readSymbolicLink(candidate).toString();
                if (target.startsWith("/")) {
                    if (mode == Mode.STRICT) {
                        throw new EscapeException("path " + path + " goes through absolute symlink /"
                                + String.join("/", current) + (current.isEmpty() ? "" : "/") + c + " -> " + target);
                    }
                    current.clear();
                }
                List<String> parts = split(target);
                for (int i = parts.size() - 1; i >= 0; i--) {
                    remaining.push(parts.get(i));
                }
                continue;
            }
            current.add(c);
        }
        return join(root, current);
    }

    /** True when {@code path} exists under its parent without following a final symlink. */
    public static boolean exists(Path path) {
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }

    private static Path join(Path root, List<String> parts) {
        Path p = root;
        for (String s : parts) {
            p = p.resolve(s);
        }
        return p;
    }

    private static List<String> split(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }
}
