package dev.slipway.worker.build;

import dev.slipway.common.oci.Descriptor;
import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.ImageConfig;
import dev.slipway.common.oci.ImageManifest;
import dev.slipway.common.oci.ImageReference;
import dev.slipway.common.oci.MediaTypes;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.common.oci.Tag;
import dev.slipway.worker.cache.CacheEntry;
import dev.slipway.worker.cache.CacheKey;
import dev.slipway.worker.context.DockerIgnore;
import dev.slipway.worker.context.SourceRoot;
import dev.slipway.worker.dockerfile.Dockerfile;
import dev.slipway.worker.dockerfile.DockerfileException;
import dev.slipway.worker.dockerfile.DockerfileParser;
import dev.slipway.worker.dockerfile.Instruction;
import dev.slipway.worker.dockerfile.ShellLex;
import dev.slipway.worker.dockerfile.VariableScope;
import dev.slipway.worker.fs.OverlayMount;
import dev.slipway.worker.fs.Posix;
import dev.slipway.worker.fs.ScopedPath;
import dev.slipway.worker.layer.Compression;
import dev.slipway.worker.layer.LayerBlob;
import dev.slipway.worker.runtime.ContainerRunner;
import dev.slipway.worker.runtime.UserResolver;
import dev.slipway.worker.snapshot.LayerDirectory;
import dev.slipway.worker.snapshot.Snapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * One build: parses the Dockerfile, plans and builds the needed stages step by step, and publishes the target
 * stage's image. Owned by the build's thread.
 */
final class BuildRun {

    private static final Logger LOG = Logger.getLogger(BuildRun.class);
    /**
     * Names a filesystem step in the record of a build ({@code <stage>.<n>}: the n-th filesystem step of the stage),
     * so a miss is compared with the same step of the last build whatever order stages ran in.
     */
    private static final String STEP_LABEL = "#step";

    /** The automatic platform arguments (this worker builds linux/amd64). */
    static final Map<String, String> PLATFORM_ARGS = Map.of("TARGETPLATFORM", "linux/amd64", "TARGETOS", "linux",
        "TARGETARCH", "amd64", "TARGETVARIANT", "", "BUILDPLATFORM", "linux/amd64", "BUILDOS", "linux",
        "BUILDARCH", "amd64", "BUILDVARIANT", "");

    final Services services;
    final BuildRequest req;
    final BuildListener listener;
    final Cancellation cancellation;
    /** Finished stages by index; a stage starts only when the stages it uses are in here. */
    private final Map<Integer, StageState> results = new ConcurrentHashMap<>();
    /** The stages each needed stage uses (FROM, COPY --from, RUN --mount from=). */
    private final Map<Integer, Set<Integer>> uses = new HashMap<>();
    private Dockerfile dockerfile;
    ShellLex lex;
    private VariableScope global;
    SourceRoot context;
    private int total;
    private final AtomicInteger run = new AtomicInteger();
    private final AtomicInteger cached = new AtomicInteger();
    /**
     * The key parts of the last build of this Dockerfile and tags: fetched while the first steps run; {@code null} for
     * a no-cache build, which does not read them.
     */
    private CompletableFuture<List<Map<String, String>>> lastBuild;
    private final Phases phases = new Phases();

    BuildRun(Services services, BuildRequest req, BuildListener listener, Cancellation cancellation) {
        this.services = services;
        this.req = req;
        this.listener = listener;
        this.cancellation = cancellation;
    }

    /** A failure before any stage runs. */
    BuildFailedException fail(int line, String reason) {
        return new BuildFailedException(line > 0 ? req.dockerfile() + ":" + line + ": " + reason : reason, 0, line,
                null, false);
    }

    BuildResult run() throws BuildFailedException, IOException {
        Path dfPath;
        try {
            dfPath = ScopedPath.resolve(req.context(), req.dockerfile(), true, ScopedPath.Mode.STRICT);
        } catch (ScopedPath.EscapeException e) {
            throw fail(0, "the Dockerfile path " + req.dockerfile() + " is outside the build context");
        }
        if (!Files.isRegularFile(dfPath)) {
            throw fail(0, "failed to read dockerfile: open " + req.dockerfile() + ": no such file or directory");
        }
        try {
            dockerfile = DockerfileParser.parse(req.dockerfile(), Files.readString(dfPath, StandardCharsets.UTF_8));
        } catch (DockerfileException e) {
            throw new BuildFailedException(e.getMessage(), 0, e.line(), null, false);
        }
        Path ignoreFile = req.context().resolve(".dockerignore");
        DockerIgnore ignore = DockerIgnore.none();
        if (Files.isRegularFile(ignoreFile)) {
            try {
                ignore = DockerIgnore.parse(Files.readString(ignoreFile));
            } catch (IllegalArgumentException e) {
                throw fail(0, e.getMessage());
            }
        }
        context = SourceRoot.context(req.context(), ignore);
        lex = new ShellLex(dockerfile.escape());
        global = VariableScope.global(req.buildArgs(), PLATFORM_ARGS);
        for (Instruction.Arg a : dockerfile.globalArgs()) {
            try {
                global.declare(a, lex);
            } catch (ShellLex.ExpansionException e) {
                throw fail(a.line(), e.getMessage());
            }
        }
        Dockerfile.Stage target = req.target() == null || req.target().isEmpty()
                ? dockerfile.stages().get(dockerfile.stages().size() - 1)
                : dockerfile.stage(req.target()).orElseThrow(
                        () -> fail(0, "target stage \"" + req.target() + "\" could not be found"));
        TreeSet<Integer> needed = plan(target);
        for (int i : needed) {
            total += 1 + dockerfile.stages().get(i).instructions().size();
        }
        String subject = req.dockerfile() + " " + req.tags();
        // Needed only to explain a miss (or to skip an unchanged record): fetched while the steps are looked up. A
        // no-cache build explains no miss, so it writes its record without reading the last one (one request less).
        lastBuild = req.noCache() ? null : CompletableFuture.supplyAsync(() -> lastBuild(subject));
        phases.mark("parse");
        List<StageRun> stages = buildStages(List.copyOf(needed));
        phases.mark("steps");
        List<Map<String, String>> keyParts = new ArrayList<>();
        stages.forEach(s -> keyParts.addAll(s.keyParts));
        StageState result = results.get(target.index());
        BuildResult built = publish(result);
        phases.mark("publish");
        if (lastBuild == null || !keyParts.equals(previous())) {
            services.cache().recordBuild(subject, keyParts);
        }
        phases.mark("record");
        LOG.infof("build %s %s: %d run, %d cached; %s", req.dockerfile(), req.tags(), run.get(), cached.get(), phases);
        return built;
    }

    private List<Map<String, String>> lastBuild(String subject) {
        try {
            return services.cache().lastBuild(subject).orElse(List.of());
        } catch (IOException e) {
            LOG.warnf("cannot read the last build of %s: %s", subject, e.getMessage());
            return List.of();
        }
    }

    private List<Map<String, String>> previous() {
        return lastBuild.join();
    }

    /**
     * Builds the needed stages (in build order): one after another, or — with more than one stage and a stage pool
     * of more than one thread — each as soon as the stages it uses are built, at most that many at once. Either way
     * the events come in build order and the result is the same image.
     */
    private List<StageRun> buildStages(List<Integer> needed) throws BuildFailedException, IOException {
        List<StageRun> stages = new ArrayList<>();
        int first = 0;
        int threads = Math.min(services.stageParallelism(), needed.size());
        StageEventOrder order = threads > 1 ? new StageEventOrder(listener, needed) : null;
        // one failing stage stops the others (their containers are killed); the job's cancel stops them all
        Cancellation local = new Cancellation();
        for (int i : needed) {
            stages.add(new StageRun(i, first, order == null ? listener : order.forStage(i),
                    threads > 1 ? local : cancellation));
            first += 1 + dockerfile.stages().get(i).instructions().size();
        }
        if (threads <= 1) {
            for (StageRun s : stages) {
                results.put(s.currentStage, s.buildStage(dockerfile.stages().get(s.currentStage)));
            }
            return stages;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "build-stage");
            t.setDaemon(true);
            return t;
        });
        try (AutoCloseable propagate = cancellation.onCancel(local::cancel)) {
            ExecutorCompletionService<StageRun> done = new ExecutorCompletionService<>(pool);
            Set<Integer> started = new HashSet<>();
            int running = 0;
            Throwable failure = null;
            while (true) {
                if (failure == null) {
                    for (StageRun s : stages) {
                        if (!started.contains(s.currentStage) && results.keySet().containsAll(uses.get(s.currentStage))) {
                            started.add(s.currentStage);
                            running++;
                            done.submit(() -> {
                                try {
                                    results.put(s.currentStage, s.buildStage(dockerfile.stages().get(s.currentStage)));
                                    return s;
                                } finally {
                                    order.finished(s.currentStage);
                                }
                            });
                        }
                    }
                }
                if (running == 0) {
                    break;
                }
                try {
                    done.take().get();
                } catch (ExecutionException e) {
                    // the first real failure wins over the "cancelled" of the stages it stopped
                    if (failure == null || isCancel(failure) && !isCancel(e.getCause())) {
                        failure = e.getCause();
                    }
                    local.cancel();
                }
                running--;
            }
            if (failure instanceof BuildFailedException f) {
                throw f;
            }
            if (failure instanceof IOException io) {
                throw io;
            }
            if (failure instanceof RuntimeException re) {
                throw re;
            }
            if (failure != null) {
                throw new IllegalStateException("a stage failed", failure);
            }
            return stages;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            local.cancel();
            throw new BuildFailedException("build interrupted", 0, 0, null, true);
        } catch (BuildFailedException | IOException | RuntimeException e) {
            throw e;
        } catch (Exception closing) {
            throw new IllegalStateException(closing);
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean isCancel(Throwable t) {
        return t instanceof BuildFailedException f && f.cancelled();
    }

    /** The stages the target depends on, through FROM, COPY --from and RUN --mount from=. */
    private TreeSet<Integer> plan(Dockerfile.Stage target) throws BuildFailedException {
        TreeSet<Integer> needed = new TreeSet<>();
        Deque<Dockerfile.Stage> todo = new ArrayDeque<>(List.of(target));
        while (!todo.isEmpty()) {
            Dockerfile.Stage s = todo.pop();
            if (!needed.add(s.index())) {
                continue;
            }
            List<String> refs = new ArrayList<>();
            refs.add(s.from().image());
            for (Instruction i : s.instructions()) {
                if (i instanceof Instruction.Copy c && c.from() != null) {
                    refs.add(c.from());
                } else if (i instanceof Instruction.Run r) {
                    r.mounts().stream().filter(m -> m.from() != null).forEach(m -> refs.add(m.from()));
                }
            }
            Set<Integer> used = new HashSet<>();
            for (String raw : refs) {
                String name = expandGlobal(raw, s.from().line());
                Optional<Dockerfile.Stage> u = stageBefore(name, s.index());
                if (u.isPresent()) {
                    todo.push(u.get());
                    used.add(u.get().index());
                }
            }
            uses.put(s.index(), used);
        }
        return needed;
    }

    private String expandGlobal(String raw, int line) throws BuildFailedException {
        try {
            return lex.processWord(raw, global.expansionEnv()).word();
        } catch (ShellLex.ExpansionException e) {
            throw fail(line, e.getMessage());
        }
    }

    Optional<Dockerfile.Stage> stageBefore(String nameOrIndex, int index) {
        return dockerfile.stage(nameOrIndex).filter(st -> st.index() < index);
    }

    /** What a step produced, for the step-finished event. */
    record StepOutcome(Descriptor layer) {
    }

    /** A filesystem change made inside a snapshot. */
    @FunctionalInterface
    interface FsOperation {
        void apply(Snapshot snapshot, Path root) throws BuildFailedException, IOException;
    }

    /** The unpacked directories of {@code refs}, bottom first, held by {@code lease}, fetching what this worker lacks. */
    List<Path> materialize(List<LayerRef> refs, LayerDirectory.Lease lease) throws IOException {
        return materialize(services, refs, lease);
    }

    static List<Path> materialize(Services services, List<LayerRef> refs, LayerDirectory.Lease lease)
            throws IOException {
        List<Path> out = new ArrayList<>();
        for (LayerRef l : refs) {
            out.add(lease.add(l.diffId(), Compression.forMediaType(l.descriptor().mediaType()),
                    dest -> services.registry().pullBlob(l.repository(), l.descriptor(), dest)));
        }
        return out;
    }

    /**
     * One stage being built: its step numbers (fixed up front, so they are the same whether stages run one after
     * another or side by side), its listener (in build order, see {@link StageEventOrder}) and the key parts of its
     * filesystem steps. Owned by the thread that builds the stage.
     */
    final class StageRun {

        final Services services = BuildRun.this.services;
        final BuildRequest req = BuildRun.this.req;
        final SourceRoot context = BuildRun.this.context;
        final BuildListener listener;
        final Cancellation cancellation;
        /** The stage being built (for resolving --from references). */
        private final int currentStage;
        int step;
        final List<Map<String, String>> keyParts = new ArrayList<>();

        StageRun(int stage, int firstStep, BuildListener listener, Cancellation cancellation) {
            this.currentStage = stage;
            this.step = firstStep;
            this.listener = listener;
            this.cancellation = cancellation;
        }

        BuildFailedException fail(int line, String reason) {
            return new BuildFailedException(line > 0 ? req.dockerfile() + ":" + line + ": " + reason : reason, step,
                    line, null, false);
        }

        /** The stage named or numbered {@code from} that is built, if it is one. */
        Optional<StageState> stageResult(String from, int beforeIndex) {
            return BuildRun.this.stageResult(from, beforeIndex);
        }

        /** A read-only view of the filesystem of {@code refs}. */
        View view(List<LayerRef> refs) throws IOException {
            return new View(refs);
        }

        private StageState buildStage(Dockerfile.Stage stage) throws BuildFailedException, IOException {
            checkCancelled();
            step++;
            Instruction.From from;
            try {
                from = stage.from().expand(lex, global.expansionEnv());
            } catch (ShellLex.ExpansionException e) {
                throw fail(stage.from().line(), e.getMessage());
            }
            listener.stepStarted(step, total, "FROM " + from.image() + (from.stageName() == null ? "" : " AS " + from.stageName()));
            long started = System.nanoTime();
            StageState st;
            Optional<Dockerfile.Stage> parent = stageBefore(from.image(), stage.index());
            if (from.image().equalsIgnoreCase("scratch")) {
                st = new StageState(ImageConfig.empty("linux", "amd64"), List.of(), VariableScope.stage(global, Map.of()),
                        Digest.sha256("scratch".getBytes(StandardCharsets.UTF_8)), req.sourceDateEpoch());
            } else if (parent.isPresent() && results.containsKey(parent.get().index())) {
                StageState p = results.get(parent.get().index());
                st = new StageState(p.config, p.layers, VariableScope.stage(global, env(p.config)), p.key, p.lastCreated);
            } else {
                BaseImages.Image image = resolveImage(from.image(), stage.from().line());
                st = new StageState(image.config(), image.layers(), VariableScope.stage(global, env(image.config())),
                        image.manifestDigest(), image.config().created());
            }
            if (st.config.config().envValue("PATH") == null) {
                // Like BuildKit: an image without PATH (e.g. FROM scratch) gets the default one.
                st.config = st.config.withConfig(st.config.config().toBuilder().env("PATH", ContainerRunner.DEFAULT_PATH).build());
                st.scope.setEnv(new Instruction.Env(stage.from().line(), "ENV PATH",
                        List.of(new Instruction.KeyValue("PATH", ContainerRunner.DEFAULT_PATH))));
            }
            listener.stepFinished(step, Duration.ofNanos(System.nanoTime() - started), null, 0);
            List<String> triggers = st.config.config().onBuild();
            if (!triggers.isEmpty()) {
                st.config = st.config.withConfig(withOnBuild(st.config.config(), List.of()));
                for (String trigger : triggers) {
                    for (Instruction i : parseTrigger(trigger, stage.from().line())) {
                        execute(st, i, false);
                    }
                }
            }
            for (Instruction i : stage.instructions()) {
                execute(st, i, true);
            }
            return st;
        }

        private List<Instruction> parseTrigger(String trigger, int line) throws BuildFailedException {
            try {
                return DockerfileParser.parse(req.dockerfile(), "FROM scratch\n" + trigger + "\n").stages().get(0)
                        .instructions();
            } catch (DockerfileException e) {
                throw fail(line, "invalid ONBUILD trigger \"" + trigger + "\" in the base image: " + e.reason());
            }
        }

        BaseImages.Image resolveImage(String name, int line) throws BuildFailedException, IOException {
            ImageReference ref;
            try {
                ref = ImageReference.parse(name);
            } catch (IllegalArgumentException e) {
                throw fail(line, "invalid reference format: " + name + ": " + e.getMessage());
            }
            try {
                return services.baseImages().require(ref);
            } catch (BaseImages.NotFoundException e) {
                throw fail(line, "base image not found: " + ref.familiar() + ": " + e.getMessage());
            }
        }

        void checkCancelled() throws BuildFailedException {
            if (cancellation.isCancelled()) {
                throw new BuildFailedException("build cancelled", step, 0, null, true);
            }
        }

        /** Runs one instruction; {@code counted} is false for ONBUILD triggers, which have no step number of their own. */
        private void execute(StageState st, Instruction raw, boolean counted) throws BuildFailedException, IOException {
            checkCancelled();
            if (counted) {
                step++;
            }
            listener.stepStarted(step, total, raw.source());
            long started = System.nanoTime();
            Instruction i;
            try {
                if (raw instanceof Instruction.Arg a) {
                    st.scope.declare(a, lex);
                    i = a;
                } else {
                    i = raw.expand(lex, st.scope.expansionEnv());
                }
            } catch (ShellLex.ExpansionException e) {
                throw fail(raw.line(), e.getMessage());
            }
            try {
                StepOutcome out = dispatch(st, i);
                listener.stepFinished(step, Duration.ofNanos(System.nanoTime() - started),
                        out.layer == null ? null : out.layer.digest(), out.layer == null ? 0 : out.layer.size());
            } catch (IllegalArgumentException e) {
                throw fail(raw.line(), e.getMessage());
            }
        }

        private StepOutcome dispatch(StageState st, Instruction i) throws BuildFailedException, IOException {
            ImageConfig.ContainerConfig c = st.config.config();
            if (i instanceof Instruction.Arg a) {
                StringBuilder text = new StringBuilder("ARG");
                Map<String, String> env = st.scope.expansionEnv();
                for (Instruction.ArgDeclaration d : a.arguments()) {
                    text.append(' ').append(d.name());
                    if (env.containsKey(d.name())) {
                        text.append('=').append(env.get(d.name()));
                    }
                }
                return metadata(st, text.toString(), c);
            } else if (i instanceof Instruction.Env e) {
                st.scope.setEnv(e);
                ImageConfig.ContainerConfig.Builder b = c.toBuilder();
                StringBuilder text = new StringBuilder("ENV");
                for (Instruction.KeyValue kv : e.variables()) {
                    b.env(kv.key(), kv.value());
                    text.append(' ').append(kv.key()).append('=').append(kv.value());
                }
                return metadata(st, text.toString(), b.build());
            } else if (i instanceof Instruction.Label l) {
                ImageConfig.ContainerConfig.Builder b = c.toBuilder();
                StringBuilder text = new StringBuilder("LABEL");
                for (Instruction.KeyValue kv : l.labels()) {
                    b.label(kv.key(), kv.value());
                    text.append(' ').append(kv.key()).append('=').append(kv.value());
                }
                return metadata(st, text.toString(), b.build());
            } else if (i instanceof Instruction.Maintainer m) {
                st.config = st.config.withCreated(st.config.created(), m.name());
                return metadata(st, "MAINTAINER " + m.name(), c);
            } else if (i instanceof Instruction.Expose e) {
                ImageConfig.ContainerConfig.Builder b = c.toBuilder();
                List<String> all = new ArrayList<>();
                for (String p : e.ports()) {
                    for (String port : ConfigSteps.ports(p)) {
                        b.exposePort(port);
                        all.add(port);
                    }
                }
                return metadata(st, "EXPOSE " + String.join(" ", all), b.build());
            } else if (i instanceof Instruction.Volume v) {
                ImageConfig.ContainerConfig.Builder b = c.toBuilder();
                v.paths().forEach(b::volume);
                return metadata(st, "VOLUME " + goList(v.paths()), b.build());
            } else if (i instanceof Instruction.User u) {
                return metadata(st, "USER " + u.user(), c.toBuilder().user(u.user()).build());
            } else if (i instanceof Instruction.StopSignal s) {
                return metadata(st, "STOPSIGNAL " + s.signal(), c.toBuilder().stopSignal(s.signal()).build());
            } else if (i instanceof Instruction.Shell s) {
                return metadata(st, "SHELL " + goList(s.shell()), c.toBuilder().shell(s.shell()).build());
            } else if (i instanceof Instruction.Cmd cmd) {
                st.cmdSet = true;
                ImageConfig.ContainerConfig n = ConfigSteps.cmd(c, cmd.command());
                return metadata(st, "CMD " + goQuoted(n.cmd()), n);
            } else if (i instanceof Instruction.Entrypoint ep) {
                ImageConfig.ContainerConfig n = ConfigSteps.entrypoint(c, ep.command(), st.cmdSet);
                return metadata(st, "ENTRYPOINT " + goQuoted(n.entrypoint()), n);
            } else if (i instanceof Instruction.Healthcheck h) {
                return metadata(st, "HEALTHCHECK " + h.source().substring("HEALTHCHECK".length()).strip(),
                        ConfigSteps.healthcheck(c, h));
            } else if (i instanceof Instruction.Onbuild o) {
                return metadata(st, "ONBUILD " + o.expression(),
                        withOnBuild(c, append(c.onBuild(), o.expression())));
            } else if (i instanceof Instruction.Workdir w) {
                String dir = ConfigSteps.workdir(c, w.path());
                st.config = st.config.withConfig(c.toBuilder().workingDir(dir).build());
                String user = c.user();
                return filesystem(st, "WORKDIR " + dir, CacheKey.builder(), (snap, root) -> workdir(root, dir, user));
            } else if (i instanceof Instruction.Run r) {
                return new RunStep(this, st, r).execute();
            } else if (i instanceof Instruction.Copy cp) {
                return new CopyStep(this, st, cp).execute();
            } else if (i instanceof Instruction.Add add) {
                return new CopyStep(this, st, add).execute();
            } else if (i instanceof Instruction.From) {
                throw new IllegalStateException("FROM is handled per stage");
            }
            throw new IllegalStateException("unhandled instruction " + i.keyword());
        }

        private StepOutcome metadata(StageState st, String createdBy, ImageConfig.ContainerConfig newConfig) {
            CacheKey key = CacheKey.builder().part("parent", st.key.toString()).part("instruction", createdBy).build();
            st.key = key.digest();
            st.config = st.config.withConfig(newConfig)
                    .withStep(null, new ImageConfig.History(st.lastCreated, createdBy, null, null, true));
            return new StepOutcome(null);
        }

        /**
         * Runs a filesystem step through the cache: a hit reuses the layer and history without running anything; a miss
         * runs {@code op} in a snapshot on the stage's layers and caches the new layer.
         */
        StepOutcome filesystem(StageState st, String createdBy, CacheKey.Builder parts, FsOperation op)
                throws BuildFailedException, IOException {
            if (req.compression() != Compression.GZIP) {
                // a zstd build must not reuse a gzip layer (nor the other way round); gzip keys stay as they were
                parts.part("compression", req.compression().name().toLowerCase(java.util.Locale.ROOT));
            }
            CacheKey key = parts.part("parent", st.key.toString()).part("instruction", createdBy).build();
            Map<String, String> recorded = new LinkedHashMap<>(key.parts());
            recorded.put(STEP_LABEL, currentStage + "." + keyParts.size());
            keyParts.add(recorded);
            if (!req.noCache()) {
                Optional<CacheEntry> hit = services.cache().lookup(key.digest());
                if (hit.isPresent()) {
                    apply(st, key, hit.get());
                    cached.incrementAndGet();
                    listener.stepCached(step, total, createdBy,
                            hit.get().layer() == null ? null : hit.get().layer().digest());
                    return new StepOutcome(hit.get().layer());
                }
            }
            if (!req.noCache()) {
                // like BuildKit, a build told not to look steps up says nothing about misses
                listener.cacheMiss(step, createdBy, explain(recorded.get(STEP_LABEL), key));
            }
            Path blobs = Files.createDirectories(services.work().resolve("blobs"));
            Path blobFile = blobs.resolve(UUID.randomUUID() + ".layer");
            try (LayerDirectory.Lease lease = services.layers().lease();
                 Snapshot snap = Snapshot.create(services.work().resolve("snapshots"), services.layers(),
                         materialize(st.layers, lease))) {
                op.apply(snap, snap.root());
                LayerBlob blob = snap.commit(blobFile, req.compression(), req.sourceDateEpoch());
                Instant created = req.sourceDateEpoch() != null ? req.sourceDateEpoch()
                        : Instant.now().truncatedTo(ChronoUnit.SECONDS);
                CacheEntry entry;
                if (blob.entries() == 0) {
                    entry = new CacheEntry(null, null, new ImageConfig.History(created, createdBy, null, null, true));
                } else {
                    entry = new CacheEntry(Descriptor.of(blob.mediaType(), blob.digest(), blob.size()), blob.diffId(),
                            new ImageConfig.History(created, createdBy, null, null, false));
                }
                services.cache().store(key.digest(), entry, blobFile);
                apply(st, key, entry);
                run.incrementAndGet();
                return new StepOutcome(entry.layer());
            } finally {
                Files.deleteIfExists(blobFile);
            }
        }

        private void apply(StageState st, CacheKey key, CacheEntry entry) {
            st.key = key.digest();
            if (entry.layer() != null) {
                st.layers.add(new LayerRef(entry.layer(), entry.diffId(), services.cache().blobRepository()));
            }
            st.config = st.config.withStep(entry.diffId(), entry.history());
            if (entry.history().created() != null) {
                st.lastCreated = entry.history().created();
            }
        }

        /** Which part of the key changed compared with the same step of the last build of this Dockerfile and tags. */
        private String explain(String label, CacheKey key) {
            Optional<Map<String, String>> before = previous().stream()
                    .filter(p -> label.equals(p.get(STEP_LABEL))).findFirst();
            if (before.isEmpty()) {
                return "no earlier build of this step";
            }
            Map<String, String> previousParts = new LinkedHashMap<>(before.get());
            previousParts.remove(STEP_LABEL);
            List<String> changed = key.differences(previousParts);
            changed.remove("parent");
            if (changed.isEmpty()) {
                return key.differences(previousParts).contains("parent") ? "an earlier step changed"
                        : "not in the cache (evicted or never stored)";
            }
            List<String> described = new ArrayList<>();
            for (String part : changed) {
                described.add(part.startsWith("source ") ? "content of " + part.substring("source ".length()) + " changed"
                        : part + " changed");
            }
            return String.join(", ", described);
        }

        /** The index of the stage being built (for resolving --from references). */
        int currentStage() {
            return currentStage;
        }
    }

    /** A read-only view of a finished stage's (or an image's) filesystem, for COPY --from and bind mounts. */
    final class View implements AutoCloseable {
        private final Path dir;
        private final LayerDirectory.Lease lease;
        private final OverlayMount mount;

        View(List<LayerRef> refs) throws IOException {
            dir = Files.createDirectories(services.work().resolve("views")).resolve(UUID.randomUUID().toString());
            Files.createDirectory(dir);
            lease = services.layers().lease();
            try {
                List<Path> lowers = new ArrayList<>(materialize(refs, lease));
                java.util.Collections.reverse(lowers);
                // overlayfs without an upper dir needs two lowers; an empty one keeps single-layer images mountable
                lowers.add(Files.createDirectory(dir.resolve("empty")));
                Path target = Files.createDirectory(dir.resolve("root"));
                mount = OverlayMount.mount(lowers, null, null, target);
            } catch (IOException | RuntimeException e) {
                lease.close();
                Files.deleteIfExists(dir.resolve("root"));
                Files.deleteIfExists(dir.resolve("empty"));
                Files.deleteIfExists(dir);
                throw e;
            }
        }

        Path root() {
            return dir.resolve("root");
        }

        @Override
        public void close() throws IOException {
            try {
                mount.close();
            } finally {
                lease.close();
                Files.deleteIfExists(dir.resolve("root"));
                Files.deleteIfExists(dir.resolve("empty"));
                Files.deleteIfExists(dir);
            }
        }
    }

    /** The stage named or numbered {@code from} that is built, if it is one. */
    Optional<StageState> stageResult(String from, int beforeIndex) {
        return stageBefore(from, beforeIndex).map(s -> results.get(s.index()));
    }

    /**
     * WORKDIR: creates the directory and its missing parents inside the rootfs, owned by the current USER (as
     * BuildKit's mkdir with the user does), when it is missing.
     */
    private static void workdir(Path root, String dir, String user) throws IOException {
        Path p = ScopedPath.resolve(root, dir, true, ScopedPath.Mode.IN_SCOPE);
        if (Files.isDirectory(p)) {
            return;
        }
        int uid = 0;
        int gid = 0;
        if (user != null && !user.isEmpty()) {
            try {
                UserResolver.ResolvedUser u = UserResolver.resolve(root, user);
                uid = u.uid();
                gid = u.gid();
            } catch (UserResolver.UnknownUserException e) {
                // Docker creates the directory as root when the user does not exist yet
            }
        }
        Deque<Path> missing = new ArrayDeque<>();
        for (Path q = p; q != null && !q.equals(root) && !Files.exists(q, LinkOption.NOFOLLOW_LINKS); q = q.getParent()) {
            missing.push(q);
        }
        for (Path q : missing) {
            Files.createDirectory(q);
            Posix.chmod(q, 0755);
            Posix.lchown(q, uid, gid);
        }
    }

    /** Writes the image: layers mounted or uploaded, config and manifest, under every tag. */
    private BuildResult publish(StageState st) throws IOException {
        ImageConfig.ContainerConfig c = st.config.config();
        if (!req.labels().isEmpty()) {
            ImageConfig.ContainerConfig.Builder b = c.toBuilder();
            req.labels().forEach(b::label);
            st.config = st.config.withConfig(b.build());
        }
        ImageConfig config = st.config.withCreated(st.lastCreated != null ? st.lastCreated : st.config.created(),
                st.config.author());
        byte[] configBytes = config.toJson();
        Digest configDigest = Digest.sha256(configBytes);
        List<Descriptor> layerDescriptors = new ArrayList<>();
        for (LayerRef l : st.layers) {
            Descriptor d = l.descriptor();
            layerDescriptors.add(MediaTypes.DOCKER_LAYER_GZIP.equals(d.mediaType())
                    ? Descriptor.of(MediaTypes.OCI_LAYER_GZIP, d.digest(), d.size()) : d);
        }
        ImageManifest manifest = ImageManifest.of(MediaTypes.OCI_MANIFEST,
                Descriptor.of(MediaTypes.OCI_CONFIG, configDigest, configBytes.length), layerDescriptors, Map.of());
        BuildResult result = new BuildResult(manifest.digest(), configDigest, req.tags(), run.get(), cached.get());
        if (run.get() == 0 && alreadyTagged(manifest.digest())) {
            // a rebuild of unchanged inputs: every tag holds this very manifest, so its layers and config are there
            // (not asked after a step ran: its new layer makes a new manifest, and the pushes below are idempotent)
            return result;
        }
        List<RepositoryName> repos = new ArrayList<>();
        for (ImageReference t : req.tags()) {
            if (!repos.contains(t.repository())) {
                repos.add(t.repository());
            }
        }
        if (repos.isEmpty()) {
            repos.add(services.cache().blobRepository());
        }
        for (RepositoryName repo : repos) {
            for (LayerRef l : st.layers) {
                services.registry().copyBlob(l.repository(), repo, l.descriptor());
            }
            services.registry().pushBlob(repo, configBytes);
        }
        if (req.tags().isEmpty()) {
            services.registry().pushManifest(repos.get(0), manifest.digest().toString(), manifest);
        }
        for (ImageReference t : req.tags()) {
            services.registry().pushManifest(t.repository(), tagOf(t).value(), manifest);
        }
        return result;
    }

    /** Whether every requested tag already points at {@code manifest} (one {@code HEAD} per tag). */
    private boolean alreadyTagged(Digest manifest) throws IOException {
        if (req.tags().isEmpty()) {
            return false;
        }
        for (ImageReference t : req.tags()) {
            if (!services.registry().tagDigest(t.repository(), tagOf(t)).filter(manifest::equals).isPresent()) {
                return false;
            }
        }
        return true;
    }

    private static Tag tagOf(ImageReference ref) {
        return ref.tag() == null ? Tag.parse("latest") : ref.tag();
    }

    static Map<String, String> env(ImageConfig config) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String e : config.config().env()) {
            int eq = e.indexOf('=');
            m.put(eq < 0 ? e : e.substring(0, eq), eq < 0 ? "" : e.substring(eq + 1));
        }
        return m;
    }

    static ImageConfig.ContainerConfig withOnBuild(ImageConfig.ContainerConfig c, List<String> triggers) {
        return new ImageConfig.ContainerConfig(c.user(), c.exposedPorts(), c.env(), c.entrypoint(), c.cmd(), c.volumes(),
                c.workingDir(), c.labels(), c.stopSignal(), c.healthcheck(), c.shell(), triggers);
    }

    private static List<String> append(List<String> list, String value) {
        List<String> out = new ArrayList<>(list);
        out.add(value);
        return out;
    }

    /** Go's {@code %v} of a string slice, as Docker writes history: {@code [/data /logs]}. */
    static String goList(List<String> values) {
        return "[" + String.join(" ", values) + "]";
    }

    /** Go's {@code %q} of a string slice: {@code ["/bin/sh" "-c" "echo hi"]}. */
    static String goQuoted(List<String> values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append('"').append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return sb.append(']').toString();
    }
}
