package dev.slipway.worker.fs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An overlayfs mount: read-only lower directories (top first), one writable upper directory and its work
 * directory. Closing unmounts it.
 */
public final class OverlayMount implements AutoCloseable {

    private final Path target;
    private boolean mounted;

    private OverlayMount(Path target) {
        this.target = target;
        this.mounted = true;
    }

    /**
     * @param lowers lower directories, the topmost first; at least one (an empty directory for {@code FROM scratch})
     * @param upper the writable directory that receives the changes, or null for a read-only mount (then at least
     *     two lowers)
     * @param work overlayfs' work directory, on the same file system as {@code upper}; null when {@code upper} is
     * @param target the mount point
     */
    public static OverlayMount mount(List<Path> lowers, Path upper, Path work, Path target) throws IOException {
        if (lowers.isEmpty()) {
            throw new IllegalArgumentException("overlayfs needs at least one lower directory");
        }
        for (Path p : lowers) {
            if (p.toString().contains(":") || p.toString().contains(",")) {
                throw new IllegalArgumentException("overlay directory name must not contain ':' or ',': " + p);
            }
        }
        String data = "lowerdir=" + lowers.stream().map(Path::toString).collect(Collectors.joining(":"))
                + (upper == null ? "" : ",upperdir=" + upper + ",workdir=" + work);
        if (data.length() >= 4000) {
            throw new IOException("too many layers for one overlay mount (" + lowers.size() + ")");
        }
        Posix.mount("overlay", target, "overlay", 0, data);
        return new OverlayMount(target);
    }

    /** The merged view. */
    public Path target() {
        return target;
    }

    @Override
    public void close() throws IOException {
        if (mounted) {
            mounted = false;
            Posix.umount(target);
        }
    }
}
