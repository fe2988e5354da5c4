package dev.slipway.worker.build;

import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.ImageConfig;
import dev.slipway.worker.cache.CacheKey;
import dev.slipway.worker.dockerfile.Instruction;
import dev.slipway.worker.dockerfile.Mount;
import dev.slipway.worker.fs.Posix;
import dev.slipway.worker.fs.ScopedPath;
import dev.slipway.worker.runtime.BindMount;
import dev.slipway.worker.runtime.ContainerSpec;
import dev.slipway.worker.runtime.RunResult;
import dev.slipway.worker.runtime.UserResolver;
import dev.slipway.worker.snapshot.CacheMounts;
import dev.slipway.worker.snapshot.Snapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A RUN step: the command (shell form through the SHELL, heredoc scripts as BuildKit runs them) in a runc container
 * on the stage's snapshot, with its cache, secret and bind mounts. Secrets reach the container only as a read-only
 * file for this step: never in the layer, the log or the cache key (only the secret's id is).
 */
final class RunStep {

    private static final int TAIL_LINES = 10;
    private static final ConcurrentHashMap<String, ReentrantLock> CACHE_LOCKS = new ConcurrentHashMap<>();

    private final BuildRun.StageRun b;
    private final StageState st;
    private final Instruction.Run run;

    RunStep(BuildRun.StageRun b, StageState st, Instruction.Run run) {
        this.b = b;
        this.st = st;
        this.run = run;
    }

    BuildRun.StepOutcome execute() throws BuildFailedException, IOException {
        ImageConfig.ContainerConfig c = st.config.config();
        List<String> shell = ConfigSteps.shell(c);
        List<String> argv = argv(shell);
        String createdBy = "RUN " + String.join(" ", run.scriptIsHeredoc() ? run.command().argv(shell) : argv) + " # buildkit";
        CacheKey.Builder parts = CacheKey.builder();
        st.scope.effectiveArgs().forEach((k, v) -> parts.part("build arg " + k, v));
        parts.part("network", run.network().name());
        for (Mount m : run.mounts()) {
            parts.part("mount " + m.target(), describe(m));
        }
        for (Instruction.Heredoc h : run.heredocs()) {
            parts.part("heredoc " + h.name(), h.content());
        }
        return b.filesystem(st, createdBy, parts, (snap, root) -> runIn(snap, root, argv, c));
    }

    /** BuildKit's heredoc rules: a lone heredoc is the script (a shebang script is executed as a file). */
    private List<String> argv(List<String> shell) {
        if (run.heredocs().isEmpty() || !run.command().shellForm()) {
            return run.command().argv(shell);
        }
        if (run.scriptIsHeredoc()) {
            Instruction.Heredoc h = run.heredocs().get(0);
            if (h.content().startsWith("#!")) {
                return List.of("/dev/pipes/" + h.name());
            }
            List<String> out = new ArrayList<>(shell);
            out.add(h.content());
            return out;
        }
        StringBuilder full = new StringBuilder(run.command().args().get(0));
        for (Instruction.Heredoc h : run.heredocs()) {
            full.append('\n').append(h.content()).append(h.name());
        }
        List<String> out = new ArrayList<>(shell);
        out.add(full.toString());
        return out;
    }

    private String describe(Mount m) {
        String from = m.from() == null ? "" : m.from();
        StageState stage = m.from() == null ? null : b.stageResult(m.from(), b.currentStage()).orElse(null);
        if (stage != null) {
            from = "stage " + stage.key;
        }
        return m.type() + " id=" + m.id() + " source=" + m.source() + " from=" + from + " ro=" + m.readOnly()
                + " mode=" + m.mode() + " uid=" + m.uid() + " gid=" + m.gid();
    }

    private void runIn(Snapshot snap, Path root, List<String> argv, ImageConfig.ContainerConfig c)
            throws BuildFailedException, IOException {
        List<BindMount> mounts = new ArrayList<>();
        List<AutoCloseable> open = new ArrayList<>();
        List<ReentrantLock> locks = new ArrayList<>();
        try {
            if (run.scriptIsHeredoc() && run.heredocs().get(0).content().startsWith("#!")) {
                Instruction.Heredoc h = run.heredocs().get(0);
                Path script = Files.createDirectories(snap.scratch().resolve("pipes")).resolve(h.name());
                Files.writeString(script, h.content());
                Posix.chmod(script, 0755);
                mounts.add(new BindMount(script, "/dev/pipes/" + h.name(), true));
            }
            for (Mount m : run.mounts()) {
                BindMount bm = mount(m, snap, open, locks);
                if (bm != null) {
                    mounts.add(bm);
                }
            }
            String containerId = Digest.sha256(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8)).hex();
            // runc's state paths must stay short; the prefix keeps build containers apart from run containers
            String id = "b" + containerId.substring(0, 20);
            List<String> env = new ArrayList<>();
            st.scope.runEnv().forEach((k, v) -> env.add(k + "=" + v));
            String cwd = c.workingDir() == null || c.workingDir().isEmpty() ? "/" : c.workingDir();
            ContainerSpec spec = new ContainerSpec(id, argv, env, cwd, c.user() == null ? "" : c.user(), run.network(),
                    mounts, b.services.stepTimeout());
            Deque<String> tail = new ArrayDeque<>();
            RunResult result;
            b.listener.containerStarted(b.step, containerId);
            try (AutoCloseable hook = b.cancellation.onCancel(() -> b.services.runner().kill(id))) {
                result = b.services.runner().run(root, spec, (stream, line) -> {
                    synchronized (tail) {
                        tail.addLast(line);
                        if (tail.size() > TAIL_LINES) {
                            tail.removeFirst();
                        }
                    }
                    b.listener.log(stream, line);
                });
            } catch (UserResolver.UnknownUserException e) {
                throw b.fail(run.line(), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BuildFailedException("build interrupted", b.step, run.line(), null, true);
            } catch (IOException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
            if (result.cancelled() || b.cancellation.isCancelled()) {
                throw new BuildFailedException("build cancelled", b.step, run.line(), null, true);
            }
            String lastLines;
            synchronized (tail) {
                lastLines = tail.isEmpty() ? "" : "\n" + String.join("\n", tail);
            }
            if (result.timedOut()) {
                throw new BuildFailedException(b.req.dockerfile() + ":" + run.line() + ": RUN timed out after "
                        + b.services.stepTimeout().toSeconds() + "s" + lastLines, b.step, run.line(), result.exitCode(), false);
            }
            if (result.exitCode() != 0) {
                throw new BuildFailedException(b.req.dockerfile() + ":" + run.line() + ": RUN returned exit code "
                        + result.exitCode() + lastLines, b.step, run.line(), result.exitCode(), false);
            }
        } finally {
            for (AutoCloseable a : open) {
                try {
                    a.close();
                } catch (Exception ignored) {
                    // a view that cannot unmount is detached lazily; nothing else holds it
                }
            }
            locks.forEach(ReentrantLock::unlock);
        }
    }

    private BindMount mount(Mount m, Snapshot snap, List<AutoCloseable> open, List<ReentrantLock> locks)
            throws BuildFailedException, IOException {
        switch (m.type()) {
            case CACHE: {
                String hex = Digest.sha256(m.id().getBytes(StandardCharsets.UTF_8)).hex().substring(0, 24);
                if ("locked".equals(m.sharing())) {
                    ReentrantLock lock = CACHE_LOCKS.computeIfAbsent(hex, k -> new ReentrantLock());
                    lock.lock();
                    locks.add(lock);
                }
                CacheMounts.Handle cache = b.services.cacheMounts().acquire(m.id(), m.uid(), m.gid(), m.mode());
                open.add(cache);
                return new BindMount(cache.path(), m.target(), m.readOnly());
            }
            case SECRET: {
                String value = b.req.secrets().get(m.id());
                if (value == null) {
                    if (m.required()) {
                        throw b.fail(run.line(), "secret " + m.id() + " not found");
                    }
                    return null;
                }
                Path file = Files.createDirectories(snap.scratch().resolve("secrets")).resolve(
                        Digest.sha256(m.id().getBytes(StandardCharsets.UTF_8)).hex().substring(0, 16));
                Files.writeString(file, value);
                Posix.lchown(file, m.uid(), m.gid());
                Posix.chmod(file, m.mode());
                return new BindMount(file, m.target(), true);
            }
            case TMPFS:
                // A scratch directory outside the snapshot: what is written there never reaches the layer.
                return new BindMount(Files.createDirectories(snap.scratch().resolve("tmpfs-" + UUID.randomUUID())),
                        m.target(), false);
            default:
                return bind(m, open);
        }
    }

    private BindMount bind(Mount m, List<AutoCloseable> open) throws BuildFailedException, IOException {
        Path root;
        if (m.from() == null) {
            root = b.context.root();
        } else {
            List<LayerRef> refs;
            var stage = b.stageResult(m.from(), b.currentStage());
            if (stage.isPresent()) {
                refs = stage.get().layers;
            } else {
                refs = b.resolveImage(m.from(), run.line()).layers();
            }
            BuildRun.View view = b.view(refs);
            open.add(view);
            root = view.root();
        }
        Path source;
        try {
            source = ScopedPath.resolve(root, m.source(), true, ScopedPath.Mode.STRICT);
        } catch (ScopedPath.EscapeException e) {
            throw b.fail(run.line(), "bind mount source " + m.source() + " is outside its root");
        }
        if (!Files.exists(source)) {
            throw b.fail(run.line(), "bind mount source " + m.source() + " does not exist");
        }
        return new BindMount(source, m.target(), true);
    }
}
