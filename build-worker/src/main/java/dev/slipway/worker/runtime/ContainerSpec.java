package dev.slipway.worker.runtime;

import dev.slipway.worker.dockerfile.NetworkMode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What to run in a container.
 *
 * @param id the container id (unique per worker; also the runc id)
 * @param args argv, already prefixed with the shell for shell-form commands
 * @param env {@code KEY=value} entries
 * @param cwd absolute working directory inside the rootfs
 * @param user the USER value ({@code name}, {@code uid}, {@code user:group}); empty for root
 * @param network the network mode
 * @param mounts extra bind mounts
 * @param timeout the run is killed after this long
 */
public record ContainerSpec(String id, List<String> args, List<String> env, String cwd, String user,
                            NetworkMode network, List<BindMount> mounts, Duration timeout) {
    public ContainerSpec {
        if (id == null || !id.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}")) {
            throw new IllegalArgumentException("invalid container id: " + id);
        }
        args = List.copyOf(args);
        if (args.isEmpty()) {
            throw new IllegalArgumentException("a container needs a command");
        }
        env = List.copyOf(env);
        mounts = List.copyOf(mounts);
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(timeout, "timeout");
        if (cwd == null || !cwd.startsWith("/")) {
            throw new IllegalArgumentException("working directory must be absolute: " + cwd);
        }
    }
}
