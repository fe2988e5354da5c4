package dev.slipway.worker.runtime;

import dev.slipway.worker.fs.ScopedPath;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs one command in a container under runc, on a rootfs the caller prepared (an overlayfs merged view):
 * user resolved through the rootfs's own passwd/group files, its own namespaces, generated {@code /etc/hosts}
 * and {@code /etc/resolv.conf} bind-mounted read-only from the worker's directory (and removed from the rootfs
 * again if runc had to create mount points for them), output streamed line by line, a timeout, and
 * {@link #kill} for cancellation. Thread-safe: one runner serves many concurrent containers.
 */
public final class ContainerRunner {

    /** Docker's PATH for containers whose image sets none. */
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final Path stateDir;
    private final Path bundles;
    private final Map<String, Running> running = new ConcurrentHashMap<>();

    private static final class Running {
        volatile boolean cancelled;
    }

    /**
     * @param workDir a worker-owned directory for runc state and bundles
     */
    public ContainerRunner(Path workDir) throws IOException {
        this.stateDir = Files.createDirectories(workDir.resolve("runc"));
        this.bundles = Files.createDirectories(workDir.resolve("bundles"));
    }

    /**
     * Runs the container to completion.
     *
     * @param rootfs the prepared root filesystem
     * @param spec what to run
     * @param sink receives output lines
     * @throws UserResolver.UnknownUserException when the USER does not exist in the image
     * @throws IOException when the container cannot be set up
     */
    public RunResult run(Path rootfs, ContainerSpec spec, OutputSink sink)
            throws IOException, UserResolver.UnknownUserException, InterruptedException {
        UserResolver.ResolvedUser user = UserResolver.resolve(rootfs, spec.user());
        Files.createDirectories(ScopedPath.resolve(rootfs, spec.cwd(), true, ScopedPath.Mode.IN_SCOPE));
        Path bundle = Files.createDirectory(bundles.resolve(spec.id()));
        Running handle = new Running();
        if (running.putIfAbsent(spec.id(), handle) != null) {
            throw new IllegalStateException("container " + spec.id() + " is already running");
        }
        List<String> destinations = new ArrayList<>(List.of("/etc/hosts", "/etc/resolv.conf"));
        spec.mounts().forEach(m -> destinations.add(m.destination()));
        MountPoints mountPoints = MountPoints.record(rootfs, destinations);
        long start = System.nanoTime();
        try (NetworkSandbox net = NetworkSandbox.create(spec.id(), spec.network())) {
            List<BindMount> mounts = new ArrayList<>();
            mounts.add(new BindMount(Files.writeString(bundle.resolve("hosts"), hosts()), "/etc/hosts", true));
            mounts.add(new BindMount(Files.writeString(bundle.resolve("resolv.conf"),
                    "nameserver " + NetworkSandbox.DNS_ADDRESS + "\n"), "/etc/resolv.conf", true));
            mounts.addAll(spec.mounts());
            ContainerSpec full = new ContainerSpec(spec.id(), spec.args(), environment(spec.env(), user), spec.cwd(),
                    spec.user(), spec.network(), mounts, spec.timeout());
            Files.write(bundle.resolve("config.json"), RuntimeSpecWriter.write(full, user, rootfs, net.path()));
            return execute(bundle, full, sink, handle, start);
        } finally {
            running.remove(spec.id());
            mountPoints.removeCreated();
            deleteTree(bundle);
        }
    }

    private RunResult execute(Path bundle, ContainerSpec spec, OutputSink sink, Running handle, long start)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder("runc", "--root", stateDir.toString(), "run", "--bundle", bundle.toString(), spec.id())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        Thread out = pump(p.getInputStream(), OutputSink.Stream.STDOUT, sink, spec.id());
        Thread err = pump(p.getErrorStream(), OutputSink.Stream.STDERR, sink, spec.id());
        boolean timedOut = false;
        try {
            if (!p.waitFor(spec.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                timedOut = true;
                killQuietly(spec.id());
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } finally {
            if (p.isAlive()) {
                killQuietly(spec.id());
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            out.join(5_000);
            err.join(5_000);
            deleteQuietly(spec.id());
        }
        return new RunResult(p.exitValue(), timedOut, handle.cancelled, Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * Stops a running container (SIGKILL); its {@link #run} returns with {@link RunResult#cancelled()} set.
     *
     * @return false when no such container is running
     */
    public boolean kill(String containerId) {
        Running r = running.get(containerId);
        if (r == null) {
            return false;
        }
        r.cancelled = true;
        killQuietly(containerId);
        return true;
    }

    private void killQuietly(String id) {
        try {
            Commands.run(List.of("runc", "--root", stateDir.toString(), "kill", id, "KILL"));
        } catch (IOException ignored) {
            // already gone: nothing to kill
        }
    }

    private void deleteQuietly(String id) {
        try {
            Commands.run(List.of("runc", "--root", stateDir.toString(), "delete", "--force", id));
        } catch (IOException ignored) {
            // runc run removes its container on exit; this only covers a killed runc
        }
    }

    private static Thread pump(InputStream in, OutputSink.Stream stream, OutputSink sink, String id) {
        Thread t = new Thread(() -> {
            var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE);
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, decoder))) {
                String line;
                while ((line = r.readLine()) != null) {
                    sink.line(stream, line);
                }
            } catch (IOException ignored) {
                // the pipe closes when the container ends
            }
        }, "container-" + id + "-" + stream.name().toLowerCase());
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** PATH and HOME as Docker sets them when the image does not. */
    private static List<String> environment(List<String> env, UserResolver.ResolvedUser user) {
        List<String> out = new ArrayList<>(env);
        if (env.stream().noneMatch(e -> e.startsWith("PATH="))) {
            out.add(0, "PATH=" + DEFAULT_PATH);
        }
        if (env.stream().noneMatch(e -> e.startsWith("HOME="))) {
            out.add("HOME=" + user.home());
        }
        return out;
    }

    private static String hosts() {
        return "127.0.0.1\tlocalhost " + RuntimeSpecWriter.HOSTNAME + "\n"
                + "::1\tlocalhost ip6-localhost ip6-loopback\n";
    }

    private static void deleteTree(Path p) throws IOException {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            try (var s = Files.list(p)) {
                for (Path c : (Iterable<Path>) s::iterator) {
                    deleteTree(c);
                }
            }
        }
        Files.deleteIfExists(p);
    }
}
