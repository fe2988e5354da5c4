package dev.slipway.worker.runtime;

import dev.slipway.worker.fs.ScopedPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The mount points runc creates in a rootfs that lacks them ({@code /etc/hosts}, {@code /etc/resolv.conf}, a
 * secret's {@code /run/secrets/id}, a cache target): the missing path components are remembered before the run
 * and removed after it while still empty, so mounted content and its mount points never end up in a layer.
 */
final class MountPoints {

    private final List<Path> created = new ArrayList<>();

    private MountPoints() {
    }

    /** Remembers which components of each destination do not exist yet (deepest last). */
    static MountPoints record(Path rootfs, List<String> destinations) throws IOException {
        MountPoints m = new MountPoints();
        for (String d : destinations) {
            Path p = ScopedPath.resolve(rootfs, d, true, ScopedPath.Mode.IN_SCOPE);
            List<Path> missing = new ArrayList<>();
            while (p != null && !p.equals(rootfs) && !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                missing.add(0, p);
                p = p.getParent();
            }
            for (Path x : missing) {
                if (!m.created.contains(x)) {
                    m.created.add(x);
                }
            }
        }
        return m;
    }

    /** Deletes the recorded paths that exist and are empty, deepest first. */
    void removeCreated() throws IOException {
        List<Path> order = new ArrayList<>(created);
        order.sort((a, b) -> Integer.compare(b.getNameCount(), a.getNameCount()));
        for (Path p : order) {
            if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && Files.size(p) == 0) {
                Files.delete(p);
            } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                try (var s = Files.list(p)) {
                    if (s.findAny().isEmpty()) {
                        Files.delete(p);
                    }
                }
            }
        }
    }
}
