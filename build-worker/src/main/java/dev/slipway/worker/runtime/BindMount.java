package dev.slipway.worker.runtime;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A directory or file of the worker mounted into a container: generated {@code /etc/hosts} and
 * {@code /etc/resolv.conf}, cache mounts, secrets, bind mounts from other stages. Never a host system path.
 *
 * @param source the worker-owned path
 * @param destination absolute path inside the container
 * @param readOnly mounted read-only
 */
public record BindMount(Path source, String destination, boolean readOnly) {
    public BindMount {
        Objects.requireNonNull(source, "source");
        if (destination == null || !destination.startsWith("/")) {
            throw new IllegalArgumentException("mount destination must be absolute: " + destination);
        }
    }
}
