package dev.slipway.worker.runtime;

import dev.slipway.worker.dockerfile.NetworkMode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A named network namespace for one container: loopback only ({@link NetworkMode#NONE}) or, by default,
 * outbound access through slirp4netns with the host's loopback disabled, so a build step never reaches the
 * farm's own services on 127.0.0.1. Closing stops slirp4netns and deletes the namespace.
 */
final class NetworkSandbox implements AutoCloseable {

    /** slirp4netns' fixed addresses (its defaults). */
    static final String GUEST_ADDRESS = "10.0.2.100";
    static final String DNS_ADDRESS = "10.0.2.3";

    private static final long READY_TIMEOUT_MS = 10_000;

    private final String name;
    private Process slirp;

    private NetworkSandbox(String name) {
        this.name = name;
    }

    static NetworkSandbox create(String containerId, NetworkMode mode) throws IOException {
        String name = "slipway-" + containerId;
        Commands.run(List.of("ip", "netns", "add", name));
        NetworkSandbox s = new NetworkSandbox(name);
        try {
            Commands.run(List.of("ip", "-n", name, "link", "set", "lo", "up"));
            if (mode == NetworkMode.DEFAULT) {
                s.startSlirp();
            }
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private void startSlirp() throws IOException {
        slirp = new ProcessBuilder("slirp4netns", "--configure", "--mtu=65520", "--disable-host-loopback",
                "--netns-type=path", path().toString(), "tap0")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            if (!slirp.isAlive()) {
                throw new IOException("slirp4netns exited with " + slirp.exitValue());
            }
            if (tapConfigured()) {
                return;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for slirp4netns", e);
            }
        }
        throw new IOException("slirp4netns did not configure tap0 within " + READY_TIMEOUT_MS + " ms");
    }

    private boolean tapConfigured() {
        try {
            return Commands.run(List.of("ip", "-n", name, "-4", "addr", "show", "dev", "tap0")).contains(GUEST_ADDRESS);
        } catch (IOException notYet) {
            return false; // tap0 does not exist until slirp4netns has created it
        }
    }

    /** The namespace's bind-mounted path, for the runtime spec. */
    Path path() {
        return Path.of("/run/netns", name);
    }

    @Override
    public void close() throws IOException {
        if (slirp != null) {
            slirp.destroy();
            try {
                if (!slirp.waitFor(5, TimeUnit.SECONDS)) {
                    slirp.destroyForcibly();
                }
            } catch (InterruptedException e) {
                slirp.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        Commands.run(List.of("ip", "netns", "delete", name));
    }
}
