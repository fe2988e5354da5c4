package dev.slipway.worker.job;

import dev.slipway.common.job.BuildSpec;
import dev.slipway.common.job.CommitSpec;
import dev.slipway.common.job.RunSpec;
import dev.slipway.common.job.Heartbeat;
import dev.slipway.common.job.JobCancelled;
import dev.slipway.common.job.JobFailed;
import dev.slipway.common.job.JobId;
import dev.slipway.common.job.JobRequest;
import dev.slipway.common.job.JobStarted;
import dev.slipway.common.job.JobSucceeded;
import dev.slipway.common.job.Progress;
import dev.slipway.common.job.StepCached;
import dev.slipway.common.job.StepFinished;
import dev.slipway.common.job.StepStarted;
import dev.slipway.common.job.Warning;
import dev.slipway.common.oci.Descriptor;
import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.MediaType;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.worker.build.BuildExecutor;
import dev.slipway.worker.build.BuildFailedException;
import dev.slipway.worker.build.BuildListener;
import dev.slipway.worker.build.BuildRequest;
import dev.slipway.worker.build.BuildResult;
import dev.slipway.worker.build.Cancellation;
import dev.slipway.worker.build.Containers;
import dev.slipway.worker.config.WorkerConfig;
import dev.slipway.worker.layer.Compression;
import dev.slipway.worker.layer.LayerExtractor;
import dev.slipway.worker.messaging.JobEventPublisher;
import dev.slipway.worker.registry.LayerStore;
import dev.slipway.worker.runtime.OutputSink;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.jboss.logging.Logger;

/**
 * Runs the jobs this worker took: at most {@code worker.concurrency} at once, each on its own thread, with
 * started/heartbeat/step/log events and exactly one terminal event (succeeded, failed or cancelled).
 */
@ApplicationScoped
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);
    /** Cancels that arrive before their job (kept briefly, bounded). */
    private static final int EARLY_CANCELS = 1024;
    /** Job attempts remembered as started: a redelivery comes within a rebalance, long before this many more jobs. */
    private static final int STARTED_ATTEMPTS = 4096;
    /** The progress status that names a RUN step's container (what {@code slip build} prints as Running in). */
    static final String RUNNING_IN = "Running in";
    /** A context is a tar, plain or gzipped (the media type is not checked on a pull, only digest and size). */
    private static final MediaType CONTEXT_MEDIA_TYPE = new MediaType("application/x-tar");

    private final WorkerConfig config;
    private final JobEventPublisher publisher;
    private final BuildExecutor executor;
    private final LayerStore registry;
    private final Containers containers;
    private final Semaphore slots;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "build-job");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "job-timers");
        t.setDaemon(true);
        return t;
    });
    private final Map<JobId, Cancellation> running = new ConcurrentHashMap<>();
    private final Set<JobId> cancelledEarly = bounded(EARLY_CANCELS);

    private final Set<Attempt> started = bounded(STARTED_ATTEMPTS);
    /** Attempts the gateway has replaced by a later one: not to be started (a later attempt does the work). */
    private final Set<Attempt> superseded = bounded(EARLY_CANCELS);

    /** @return a thread-safe set that forgets its oldest element beyond {@code max} */
    private static <T> Set<T> bounded(int max) {
        return Collections.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<T, Boolean> eldest) {
                return size() > max;
            }
        }));
    }

    /** One attempt of one job: what must never run twice on this worker. */
    private record Attempt(JobId job, int attempt) {
    }

    /** What {@link #submit} did with a job. */
    public enum Outcome {
        /** The job runs on this worker. */
        STARTED,
        /** This worker already started this attempt of the job (a redelivery): not run again. */
        DUPLICATE,
        /** By the time a slot was free the job was no longer this worker's: not run. */
        WITHDRAWN,
        /** The gateway had published the job again as a later attempt while this one waited: not run. */
        SUPERSEDED
    }

    public JobRunner(WorkerConfig config, JobEventPublisher publisher, BuildExecutor executor, LayerStore registry) {
        this.config = config;
        this.publisher = publisher;
        this.executor = executor;
        this.registry = registry;
        this.containers = new Containers(executor);
        this.slots = new Semaphore(config.concurrency());
    }

    /**
     * Waits for a free slot, then starts the job on its own thread — unless this worker already started the same
     * attempt, or {@code stillOurs} says (once the slot is free) that the job has gone to another worker meanwhile.
     *
     * @param stillOurs asked after the slot is acquired, just before the job starts
     * @return whether the job started, and if not, why
     */
    public Outcome submit(JobRequest request, BooleanSupplier stillOurs) throws InterruptedException {
        Attempt attempt = new Attempt(request.jobId(), request.attempt());
        if (started.contains(attempt)) {
            return Outcome.DUPLICATE;
        }
        slots.acquire();
        boolean handedOver = false;
        try {
            if (!stillOurs.getAsBoolean()) {
                return Outcome.WITHDRAWN;
            }
            if (superseded.contains(attempt)) {
                return Outcome.SUPERSEDED;
            }
            if (!started.add(attempt)) {
                return Outcome.DUPLICATE;
            }
            pool.execute(() -> {
                try {
                    run(request);
                } finally {
                    slots.release();
                }
            });
            handedOver = true;
            return Outcome.STARTED;
        } finally {
            if (!handedOver) {
                slots.release();
            }
        }
    }

    /** Stops a job this worker runs (or will run). */
    public void cancel(JobId job) {
        Cancellation c = running.get(job);
        if (c != null) {
            c.cancel();
        } else {
            cancelledEarly.add(job);
        }
    }

    /**
     * Remembers that the gateway replaced {@code attempt} of the job by a later attempt, so that this worker does not
     * start it if its record is still waiting here (or comes back after a rebalance). An attempt already running
     * goes on: its events are kept by the gateway but change nothing.
     */
    public void supersede(JobId job, int attempt) {
        superseded.add(new Attempt(job, attempt));
    }

    void onStop(@Observes ShutdownEvent event) {
        running.values().forEach(Cancellation::cancel);
        pool.shutdownNow();
        timers.shutdownNow();
    }

    private void run(JobRequest request) {
        EventStream events = new EventStream(publisher, request.jobId(), request.attempt());
        Cancellation cancellation = new Cancellation();
        running.put(request.jobId(), cancellation);
        ScheduledFuture<?> heartbeat = null;
        try {
            if (cancelledEarly.remove(request.jobId())) {
                events.emit((j, a, s, t) -> new JobCancelled(j, a, s, t, "cancelled before it started"));
                return;
            }
            events.emit((j, a, s, t) -> new JobStarted(j, a, s, t, config.name()));
            heartbeat = timers.scheduleAtFixedRate(
                    () -> events.emit((j, a, s, t) -> new Heartbeat(j, a, s, t, config.name())),
                    config.heartbeatInterval().toMillis(), config.heartbeatInterval().toMillis(), TimeUnit.MILLISECONDS);
            if (request.payload() instanceof BuildSpec spec) {
                build(request, spec, events, cancellation);
            } else if (request.payload() instanceof RunSpec spec) {
                runContainer(spec, events, cancellation);
            } else if (request.payload() instanceof CommitSpec spec) {
                commit(spec, events);
            } else {
                events.emit((j, a, s, t) -> new JobFailed(j, a, s, t,
                        request.kind() + " jobs are not handled by build workers", null, null, null));
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "job %s failed unexpectedly", request.jobId());
            String message = "internal worker error: " + e;
            events.emit((j, a, s, t) -> new JobFailed(j, a, s, t, message, null, null, null));
        } finally {
            if (heartbeat != null) {
                heartbeat.cancel(false);
            }
            running.remove(request.jobId());
        }
    }

    private void build(JobRequest request, BuildSpec spec, EventStream events, Cancellation cancellation) {
        LogBatcher logs = new LogBatcher(events, timers, config.logs().batchWindow(), config.logs().batchBytes(),
                config.logs().stepLimitBytes());
        Path contextDir = config.workDir().toAbsolutePath().resolve("contexts")
                .resolve(request.jobId() + "-" + request.attempt());
        try {
            Map<String, String> buildArgs = new LinkedHashMap<>(spec.buildArgs());
            String codec = buildArgs.remove(BuildRequest.COMPRESSION_ARG);
            Compression compression;
            try {
                compression = codec == null ? Compression.GZIP : Compression.named(codec);
            } catch (IllegalArgumentException e) {
                events.emit((j, a, s, t) -> new JobFailed(j, a, s, t, BuildRequest.COMPRESSION_ARG + ": "
                        + e.getMessage(), null, null, null));
                return;
            }
            fetchContext(spec, contextDir);
            BuildRequest br = new BuildRequest(contextDir, spec.dockerfile(), buildArgs, spec.target(), spec.tags(),
                    spec.noCache(), spec.sourceDateEpoch() == null ? null : Instant.ofEpochSecond(spec.sourceDateEpoch()),
                    spec.labels(), spec.secrets(), compression);
            BuildResult result = executor.build(br, listener(events, logs), cancellation);
            logs.flush();
            Map<String, String> summary = new LinkedHashMap<>();
            summary.put("configDigest", result.configDigest().toString());
            summary.put("imageId", result.configDigest().toString());
            summary.put("digest", result.manifestDigest().toString());
            summary.put("stepsRun", Integer.toString(result.stepsRun()));
            summary.put("stepsCached", Integer.toString(result.stepsCached()));
            events.emit((j, a, s, t) -> new JobSucceeded(j, a, s, t, summary, result.manifestDigest(), result.tags()));
        } catch (BuildFailedException e) {
            logs.flush();
            if (e.cancelled()) {
                events.emit((j, a, s, t) -> new JobCancelled(j, a, s, t, "cancel requested"));
            } else {
                events.emit((j, a, s, t) -> new JobFailed(j, a, s, t, e.getMessage(), e.step() == 0 ? null : e.step(),
                        e.line() == 0 ? null : e.line(), e.exitCode()));
            }
        } catch (IOException e) {
            logs.flush();
            String message = diskFull(e) ? "no space left on the worker: " + e.getMessage() : e.getMessage();
            events.emit((j, a, s, t) -> new JobFailed(j, a, s, t, message == null ? e.toString() : message, null, null, null));
        } finally {
            deleteQuietly(contextDir);
        }
    }

    /** {@code docker run}: the container id is in the result; a non-zero exit fails the job but keeps the container. */
    private void runContainer(RunSpec spec, EventStream events, Cancellation cancellation) {
        LogBatcher logs = new LogBatcher(events, timers, config.logs().batchWindow(), config.logs().batchBytes(),
                config.logs().stepLimitBytes());
        try {
            Containers.RunOutcome out = containers.run(spec.image(), spec.cmd(), spec.env(), spec.workdir(), spec.user(),
                    logs::line, cancellation);
            logs.flush();
            if (out.exitCode() == 0) {
                Map<String, String> result = Map.of("containerId", out.containerId(), "exitCode", "0");
                events.emit((j, a, s, t) -> new JobSucceeded(j, a, s, t, result, null, List.of()));
            } else {
                events.emit((j, a, s, t) -> new JobFailed(j, a, s, t, "container " + out.containerId()
                        + " exited with code " + out.exitCode(), null, null, out.exitCode()));
            }
        } catch (BuildFailedException e) {
            logs.flush();
            terminal(events, e);
        } catch (IOException e) {
            logs.flush();
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            events.emit((j, a, s, t) -> new JobFailed(j, a, s, t, message, null, null, null));
        }
    }

    /** {@code docker commit -m -a}. */
    private void commit(CommitSpec spec, EventStream events) {
        try {
            BuildResult r = containers.commit(spec.container(), spec.repository(), spec.tag(), spec.message(), spec.author());
            Map<String, String> result = Map.of("configDigest", r.configDigest().toString(), "imageId",
                    r.configDigest().toString(), "digest", r.manifestDigest().toString());
            events.emit((j, a, s, t) -> new JobSucceeded(j, a, s, t, result, r.manifestDigest(), r.tags()));
        } catch (BuildFailedException e) {
            terminal(events, e);
        } catch (IOException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            events.emit((j, a, s, t) -> new JobFailed(j, a, s, t, message, null, null, null));
        }
    }

    private static void terminal(EventStream events, BuildFailedException e) {
        if (e.cancelled()) {
            events.emit((j, a, s, t) -> new JobCancelled(j, a, s, t, "cancel requested"));
        } else {
            events.emit((j, a, s, t) -> new JobFailed(j, a, s, t, e.getMessage(), e.step() == 0 ? null : e.step(),
                    e.line() == 0 ? null : e.line(), e.exitCode()));
        }
    }

    private static boolean diskFull(IOException e) {
        return String.valueOf(e.getMessage()).contains("No space left") || String.valueOf(e.getMessage()).contains("no space left");
    }

    private BuildListener listener(EventStream events, LogBatcher logs) {
        return new BuildListener() {
            @Override
            public void stepStarted(int index, int total, String instruction) {
                logs.step(index);
                events.emit((j, a, s, t) -> new StepStarted(j, a, s, t, index, total, instruction));
            }

            @Override
            public void stepCached(int index, int total, String instruction, Digest layer) {
                events.emit((j, a, s, t) -> new StepCached(j, a, s, t, index, instruction, layer));
            }

            @Override
            public void containerStarted(int index, String containerId) {
                logs.flush();
                events.emit((j, a, s, t) -> new Progress(j, a, s, t, containerId, RUNNING_IN, 0, 0));
            }

            @Override
            public void cacheMiss(int index, String instruction, String reason) {
                events.emit((j, a, s, t) -> new Warning(j, a, s, t, "cache miss: " + instruction + ": " + reason));
            }

            @Override
            public void stepFinished(int index, Duration duration, Digest layer, long size) {
                logs.flush();
                events.emit((j, a, s, t) -> new StepFinished(j, a, s, t, index, duration.toMillis(), layer));
            }

            @Override
            public void log(OutputSink.Stream stream, String line) {
                logs.line(stream, line);
            }

            @Override
            public void warning(String message) {
                events.emit((j, a, s, t) -> new Warning(j, a, s, t, message));
            }
        };
    }

    /** Downloads the context blob and unpacks it (plain or gzip tar), refusing entries that leave the directory. */
    private void fetchContext(BuildSpec spec, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path blob = dir.resolveSibling(dir.getFileName() + ".tar");
        try {
            registry.pullBlob(RepositoryName.parse(BuildSpec.CONTEXT_REPOSITORY),
                    Descriptor.of(CONTEXT_MEDIA_TYPE, spec.context(), spec.contextSize()), blob);
            try (InputStream raw = new BufferedInputStream(Files.newInputStream(blob))) {
                raw.mark(2);
                int b0 = raw.read();
                int b1 = raw.read();
                raw.reset();
                InputStream tar = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw) : raw;
                LayerExtractor.extract(tar, dir, LayerExtractor.WhiteoutMode.APPLY);
            }
        } finally {
            Files.deleteIfExists(blob);
        }
    }

    private static void deleteQuietly(Path p) {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Collections.reverseOrder()).forEach(x -> x.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("cannot remove %s: %s", p, e.getMessage());
        }
    }
}
