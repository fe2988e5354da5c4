package dev.slipway.worker.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.common.oci.Descriptor;
import dev.slipway.common.oci.ImageReference;
import dev.slipway.common.oci.Manifest;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.registry.client.CredentialsProvider;
import dev.slipway.worker.cache.BuildCache;
import dev.slipway.worker.fs.FileStat;
import dev.slipway.worker.layer.Compression;
import dev.slipway.worker.registry.LayerStore;
import dev.slipway.worker.runtime.ContainerRunner;
import dev.slipway.worker.runtime.OutputSink;
import dev.slipway.worker.snapshot.CacheMounts;
import dev.slipway.worker.snapshot.LayerDirectory;
import dev.slipway.worker.sync.PullThrough;
import dev.slipway.worker.testing.BusyboxRootfs;
import dev.slipway.worker.testing.LocalLayerStore;
import dev.slipway.worker.testing.PulledImage;
import dev.slipway.worker.testing.RegistrySyncStub;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds real Dockerfiles with runc and overlayfs into the real layer-store (registry and cache API), then pulls the
 * images back with skopeo and umoci and checks what a user would.
 */
class BuildExecutorTest {

    static final String BASE = "base/busybox:1";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    static LocalLayerStore registry;
    static RegistrySyncStub sync;

    @TempDir
    Path tmp;

    /** Records events like the job events would carry them. */
    static final class Events implements BuildListener {
        final List<String> cached = Collections.synchronizedList(new ArrayList<>());
        final List<String> misses = Collections.synchronizedList(new ArrayList<>());
        final List<String> started = Collections.synchronizedList(new ArrayList<>());
        final List<String> output = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void stepStarted(int index, int total, String instruction) {
            started.add(index + "/" + total + " " + instruction);
        }

        @Override
        public void stepCached(int index, int total, String instruction, dev.slipway.common.oci.Digest layer) {
            cached.add(instruction);
        }

        @Override
        public void cacheMiss(int index, String instruction, String reason) {
            misses.add(instruction + ": " + reason);
        }

        @Override
        public void log(OutputSink.Stream stream, String line) {
            output.add(line);
        }
    }

    @BeforeAll
    static void registryWithBaseImage() throws Exception {
        registry = LocalLayerStore.start(Files.createDirectories(shared.resolve("registry")));
        sync = new RegistrySyncStub();
        Path ctx = Files.createDirectories(shared.resolve("base-context"));
        BusyboxRootfs.create(Files.createDirectories(ctx.resolve("rootfs")));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\nCOPY rootfs/ /\nCMD [\"/bin/sh\"]\n");
        worker(shared.resolve("base-worker")).build(request(ctx, BASE), new Events(), new Cancellation());
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        sync.close();
        registry.close();
    }

    static BuildExecutor worker(Path work) throws IOException {
        return worker(work, sync.url());
    }

    static BuildExecutor worker(Path work, String registrySync) throws IOException {
        return worker(work, registrySync, new LayerDirectory(work.resolve("layers"), 1L << 30));
    }

    static BuildExecutor worker(Path work, String registrySync, LayerDirectory layers) throws IOException {
        return worker(work, registrySync, layers, 2);
    }

    static BuildExecutor worker(Path work, String registrySync, LayerDirectory layers, int stageParallelism)
            throws IOException {
        LayerStore client = LayerStore.connect(URI.create(registry.url()), CredentialsProvider.ANONYMOUS);
        return new BuildExecutor(client, new ContainerRunner(work.resolve("runtime")), layers,
                BuildCache.inLayerStore(URI.create(registry.url()), client), work,
                Duration.ofMinutes(2), new PullThrough(URI.create(registrySync), Duration.ofMinutes(1)),
                new CacheMounts(work.resolve("cache-mounts"), 1L << 30), stageParallelism);
    }

    static BuildRequest request(Path context, String tag) {
        return new BuildRequest(context, "Dockerfile", Map.of(), null, List.of(ImageReference.parse(tag)), false, null,
                Map.of(), Map.of());
    }

    static Path corpus(String name, Path into) throws IOException {
        Path src = Path.of("src/test/resources/corpus", name);
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
                Path d = into.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(d);
                } else {
                    Files.copy(p, d);
                }
            }
        }
        return into;
    }

    PulledImage pull(String tag) throws Exception {
        return PulledImage.pull(registry.host() + "/" + tag, Files.createDirectories(tmp.resolve("pulled-" + tag.replace('/', '_'))));
    }

    @Test
    void zstdLayersArePushedReadByIndependentToolsAndUnpackAsABaseImage() throws Exception {
        Path ctx = Files.createDirectories(tmp.resolve("ctx"));
        Files.writeString(ctx.resolve("hello.txt"), "hello zstd\n");
        Files.writeString(ctx.resolve("Dockerfile"),
                "FROM " + BASE + "\nCOPY hello.txt /data/hello.txt\nRUN echo ran > /data/ran\n");
        BuildRequest zstd = new BuildRequest(ctx, "Dockerfile", Map.of(), null,
                List.of(ImageReference.parse("test/zstd:1")), false, null, Map.of(), Map.of(), Compression.ZSTD);
        worker(tmp.resolve("w")).build(zstd, new Events(), new Cancellation());

        // skopeo copies it into an OCI layout (verifying every digest); the zstd CLI and tar read the new layers
        Path layout = tmp.resolve("layout");
        PulledImage.run(List.of("skopeo", "copy", "--quiet", "--src-tls-verify=false",
                "docker://" + registry.host() + "/test/zstd:1", "oci:" + layout + ":img"));
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        JsonNode manifest = JSON.readTree(blob(layout, index.path("manifests").get(0).path("digest").asText()).toFile());
        JsonNode layers = manifest.path("layers");
        assertThat(layers).hasSize(3);
        assertThat(layers.get(0).path("mediaType").asText()).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
        assertThat(layers.get(1).path("mediaType").asText()).isEqualTo("application/vnd.oci.image.layer.v1.tar+zstd");
        assertThat(layers.get(2).path("mediaType").asText()).isEqualTo("application/vnd.oci.image.layer.v1.tar+zstd");
        String copied = PulledImage.run(List.of("sh", "-c", "zstd -dc " + blob(layout, layers.get(1).path("digest").asText())
                + " | tar -xOf - data/hello.txt"));
        assertThat(copied).isEqualTo("hello zstd\n");
        String ran = PulledImage.run(List.of("sh", "-c", "zstd -dc " + blob(layout, layers.get(2).path("digest").asText())
                + " | tar -xOf - data/ran"));
        assertThat(ran).isEqualTo("ran\n");
        // the diff ids are the digests of the tars zstd unpacks
        JsonNode config = JSON.readTree(blob(layout, manifest.path("config").path("digest").asText()).toFile());
        String diffId = PulledImage.run(List.of("sh", "-c", "zstd -dc " + blob(layout, layers.get(1).path("digest").asText())
                + " | sha256sum")).split(" ")[0];
        assertThat(config.path("rootfs").path("diff_ids").get(1).asText()).isEqualTo("sha256:" + diffId);

        // a fresh worker unpacks the zstd layers of a base image (no cache: the RUN really runs on them)
        Path child = Files.createDirectories(tmp.resolve("child"));
        Files.writeString(child.resolve("Dockerfile"), "FROM test/zstd:1\nRUN cat /data/hello.txt /data/ran\n");
        Events events = new Events();
        BuildRequest gzipChild = new BuildRequest(child, "Dockerfile", Map.of(), null,
                List.of(ImageReference.parse("test/zstd-child:1")), true, null, Map.of(), Map.of());
        worker(tmp.resolve("w2")).build(gzipChild, events, new Cancellation());
        assertThat(events.output).contains("hello zstd", "ran");
    }

    private static Path blob(Path layout, String digest) {
        return layout.resolve("blobs").resolve(digest.replace(':', '/'));
    }

    @Test
    void independentStagesRunAtTheSameTimeWithEventsInBuildOrder() throws Exception {
        Path ctx = Files.createDirectories(tmp.resolve("ctx"));
        // each stage records the machine's uptime around a 3 s sleep: overlapping windows prove they overlapped
        Files.writeString(ctx.resolve("Dockerfile"), """
                FROM base/busybox:1 AS a
                RUN cat /proc/uptime > /start && sleep 3 && cat /proc/uptime > /end
                FROM base/busybox:1 AS b
                RUN cat /proc/uptime > /start && sleep 3 && cat /proc/uptime > /end
                FROM base/busybox:1
                COPY --from=a /start /a-start
                COPY --from=a /end /a-end
                COPY --from=b /start /b-start
                COPY --from=b /end /b-end
                """);
        Events events = new Events();
        BuildRequest req = new BuildRequest(ctx, "Dockerfile", Map.of(), null,
                List.of(ImageReference.parse("test/parallel:1")), true, null, Map.of(), Map.of());
        worker(tmp.resolve("w"), sync.url(), new LayerDirectory(tmp.resolve("w").resolve("layers"), 1L << 30), 2)
                .build(req, events, new Cancellation());
        PulledImage img = pull("test/parallel:1");
        double aStart = uptime(img.read("/a-start"));
        double aEnd = uptime(img.read("/a-end"));
        double bStart = uptime(img.read("/b-start"));
        double bEnd = uptime(img.read("/b-end"));
        assertThat(bStart).as("stage b started before stage a ended").isLessThan(aEnd);
        assertThat(aStart).as("stage a started before stage b ended").isLessThan(bEnd);
        // the events read as a sequential build's: step after step, stage after stage
        assertThat(events.started.stream().map(e -> e.substring(0, e.indexOf(' '))).toList())
                .containsExactly("1/9", "2/9", "3/9", "4/9", "5/9", "6/9", "7/9", "8/9", "9/9");
        assertThat(events.started.get(2)).isEqualTo("3/9 FROM base/busybox:1 AS b");
    }

    @Test
    void parallelStagesGiveTheSameImageAsSequentialOnes() throws Exception {
        Path ctx = Files.createDirectories(tmp.resolve("ctx"));
        Files.writeString(ctx.resolve("Dockerfile"), """
                FROM base/busybox:1 AS a
                RUN echo a > /a && sleep 1
                FROM base/busybox:1 AS b
                RUN mkdir -p /opt/b && echo b > /opt/b/b
                FROM base/busybox:1
                COPY --from=b /opt/b /b
                COPY --from=a /a /a
                """);
        java.time.Instant epoch = java.time.Instant.ofEpochSecond(1_700_000_000L);
        Events sequentialEvents = new Events();
        BuildResult sequential = worker(tmp.resolve("w1"), sync.url(),
                new LayerDirectory(tmp.resolve("w1").resolve("layers"), 1L << 30), 1).build(new BuildRequest(ctx,
                "Dockerfile", Map.of(), null, List.of(ImageReference.parse("test/stages-sequential:1")), true, epoch,
                Map.of(), Map.of()), sequentialEvents, new Cancellation());
        Events parallelEvents = new Events();
        BuildResult parallel = worker(tmp.resolve("w2"), sync.url(),
                new LayerDirectory(tmp.resolve("w2").resolve("layers"), 1L << 30), 2).build(new BuildRequest(ctx,
                "Dockerfile", Map.of(), null, List.of(ImageReference.parse("test/stages-parallel:1")), true, epoch,
                Map.of(), Map.of()), parallelEvents, new Cancellation());
        assertThat(parallel.stepsRun()).isEqualTo(sequential.stepsRun()).isEqualTo(4);
        assertThat(parallel.manifestDigest()).isEqualTo(sequential.manifestDigest());
        assertThat(parallelEvents.started).isEqualTo(sequentialEvents.started);
        assertThat(pull("test/stages-parallel:1").read("/b/b")).isEqualTo("b\n");
    }

    private static double uptime(String procUptime) {
        return Double.parseDouble(procUptime.strip().split(" ")[0]);
    }

    @Test
    void tutorialShape() throws Exception {
        BuildResult r = worker(tmp.resolve("w")).build(request(corpus("tutorial", tmp.resolve("ctx")), "ouruser/sinatra:v2"),
                new Events(), new Cancellation());
        assertThat(r.stepsRun()).isEqualTo(3);
        PulledImage img = pull("ouruser/sinatra:v2");
        assertThat(img.manifestDigest()).isEqualTo(r.manifestDigest().toString());
        assertThat(img.read("/var/lib/apt/status")).isEqualTo("updated\n");
        assertThat(img.read("/var/lib/apt/installed")).isEqualTo("ruby ruby-dev\n");
        assertThat(FileStat.of(img.file("/usr/lib/gems/sinatra")).permissions()).isEqualTo(0640);
        assertThat(Files.isSymbolicLink(img.file("/bin/sh"))).isTrue();
        JsonNode config = img.config();
        assertThat(config.path("author").asText()).isEqualTo("Docker Newbee <newbee@docker.com>");
        assertThat(config.path("rootfs").path("diff_ids")).hasSize(4);
        JsonNode history = config.path("history");
        assertThat(history.get(history.size() - 1).path("created_by").asText())
                .isEqualTo("RUN /bin/sh -c mkdir -p /usr/lib/gems && echo sinatra > /usr/lib/gems/sinatra && chmod 0640 /usr/lib/gems/sinatra # buildkit");
        assertThat(history.get(history.size() - 4).path("empty_layer").asBoolean()).isTrue();
        assertThat(config.path("config").path("Cmd").get(0).asText()).isEqualTo("/bin/sh");
        // the runtime's mount points never reach a layer
        assertThat(Files.exists(img.file("/etc/resolv.conf"))).isFalse();
        assertThat(Files.exists(img.file("/proc"))).isFalse();
    }

    @Test
    void multiStageCopiesFromAStageAndSkipsUnusedStages() throws Exception {
        Events events = new Events();
        worker(tmp.resolve("w")).build(request(corpus("multistage", tmp.resolve("ctx")), "test/multistage:1"), events,
                new Cancellation());
        assertThat(events.started).noneMatch(s -> s.contains("exit 1"));
        PulledImage img = pull("test/multistage:1");
        assertThat(img.read("/out/HELLO.txt")).isEqualTo("HELLO FROM THE CONTEXT\n");
        assertThat(Files.readSymbolicLink(img.file("/out/latest")).toString()).isEqualTo("HELLO.txt");
        assertThat(img.read("/out/hello.txt")).isEqualTo("hello from the context\n");
        JsonNode c = img.config().path("config");
        assertThat(c.path("Entrypoint").toString()).isEqualTo("[\"/bin/cat\"]");
        assertThat(c.path("Cmd").toString()).isEqualTo("[\"/out/HELLO.txt\"]");
        assertThat(c.path("Env").toString()).contains("GREETING=hello world").contains("PATH=/usr/local/bin:/bin");
        assertThat(c.path("ExposedPorts").has("8080/tcp")).isTrue();
        assertThat(c.path("ExposedPorts").has("53/udp")).isTrue();
        assertThat(c.path("Labels").path("org.example.stage").asText()).isEqualTo("final");
    }

    @Test
    void aLayerCacheFarBelowTheImageSizeStillBuildsBecauseLayersInUseAreKept() throws Exception {
        // one byte: every released layer is evicted at once, so only the leases of running steps keep layers alive
        LayerDirectory layers = new LayerDirectory(tmp.resolve("w").resolve("layers"), 1);
        BuildRequest req = new BuildRequest(corpus("multistage", tmp.resolve("ctx")), "Dockerfile", Map.of(), null,
                List.of(ImageReference.parse("test/tinycache:1")), true, null, Map.of(), Map.of());
        worker(tmp.resolve("w"), sync.url(), layers).build(req, new Events(), new Cancellation());
        assertThat(layers.totalBytes()).isZero();
        try (Stream<Path> left = Files.list(tmp.resolve("w").resolve("layers"))) {
            assertThat(left).isEmpty();
        }
        assertThat(pull("test/tinycache:1").read("/out/HELLO.txt")).isEqualTo("HELLO FROM THE CONTEXT\n");
    }

    @Test
    void deletionsBecomeWhiteoutsAndOpaqueDirectories() throws Exception {
        worker(tmp.resolve("w")).build(request(corpus("whiteouts", tmp.resolve("ctx")), "test/whiteouts:1"), new Events(),
                new Cancellation());
        PulledImage img = pull("test/whiteouts:1");
        assertThat(Files.exists(img.file("/data/b"))).isFalse();
        assertThat(Files.exists(img.file("/data/sub/a"))).isFalse();
        assertThat(img.read("/data/sub/fresh")).isEqualTo("fresh\n");
        assertThat(img.read("/data/keep")).isEqualTo("keep\n");
        assertThat(Files.exists(img.file("/etc/group"))).isFalse();
        FileStat owned = FileStat.of(img.file("/home/app/work/owned"));
        assertThat(owned.uid()).isEqualTo(1000);
        assertThat(FileStat.of(img.file("/home/app/work")).uid()).isEqualTo(1000);
        assertThat(img.config().path("config").path("User").asText()).isEqualTo("app");
        assertThat(img.config().path("config").path("WorkingDir").asText()).isEqualTo("/home/app/work");
    }

    @Test
    void secondWorkerHitsTheCacheAndAChangedFileRerunsFromItsStep() throws Exception {
        Path ctx = corpus("multistage", tmp.resolve("ctx"));
        BuildResult first = worker(tmp.resolve("w1")).build(request(ctx, "test/cache:1"), new Events(), new Cancellation());
        Events second = new Events();
        BuildResult again = worker(tmp.resolve("w2")).build(request(ctx, "test/cache:1"), second, new Cancellation());
        assertThat(again.stepsRun()).isZero();
        assertThat(again.manifestDigest()).isEqualTo(first.manifestDigest());
        assertThat(second.misses).isEmpty();
        assertThat(second.output).isEmpty();
        Files.writeString(ctx.resolve("hello.txt"), "changed\n");
        Events third = new Events();
        BuildResult changed = worker(tmp.resolve("w3")).build(request(ctx, "test/cache:1"), third, new Cancellation());
        assertThat(changed.manifestDigest()).isNotEqualTo(first.manifestDigest());
        assertThat(third.misses.get(0)).isEqualTo("COPY hello.txt . # buildkit: content of hello.txt changed");
        assertThat(third.cached).anyMatch(s -> s.startsWith("WORKDIR"));
        assertThat(pull("test/cache:1").read("/out/HELLO.txt")).isEqualTo("CHANGED\n");
    }

    @Test
    void failingRunReportsExitCodeAndLine() throws Exception {
        Path ctx = Files.createDirectories(tmp.resolve("ctx"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM " + BASE + "\nRUN echo fine\n\nRUN echo about to fail; exit 2\n");
        assertThatThrownBy(() -> worker(tmp.resolve("w")).build(request(ctx, "test/fail:1"), new Events(), new Cancellation()))
                .isInstanceOfSatisfying(BuildFailedException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(2);
                    assertThat(e.line()).isEqualTo(4);
                    assertThat(e.getMessage()).startsWith("Dockerfile:4: RUN returned exit code 2").contains("about to fail");
                });
    }

    @Test
    void malformedDockerfileFailsBeforeAnythingRuns() throws Exception {
        Path ctx = Files.createDirectories(tmp.resolve("ctx"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM " + BASE + "\nRUN touch /ran\nRUNN oops\n");
        Events events = new Events();
        assertThatThrownBy(() -> worker(tmp.resolve("w")).build(request(ctx, "test/bad:1"), events, new Cancellation()))
                .hasMessage("Dockerfile:3: unknown instruction \"RUNN\"");
        assertThat(events.started).isEmpty();
    }

    @Test
    void sourcesOutsideTheContextAreRefused() throws Exception {
        Path ctx = Files.createDirectories(tmp.resolve("ctx"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM " + BASE + "\nCOPY ../../etc/passwd /x\n");
        assertThatThrownBy(() -> worker(tmp.resolve("w")).build(request(ctx, "test/escape:1"), new Events(), new Cancellation()))
                .hasMessage("Dockerfile:2: COPY failed: forbidden path outside the build context: ../../etc/passwd");
        Files.createSymbolicLink(ctx.resolve("shadow"), Path.of("/etc/shadow"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM " + BASE + "\nCOPY shadow /x\n");
        assertThatThrownBy(() -> worker(tmp.resolve("w")).build(request(ctx, "test/escape:1"), new Events(), new Cancellation()))
                .hasMessageStartingWith("Dockerfile:2: COPY failed: forbidden path outside the build context: shadow");
        Files.writeString(ctx.resolve("Dockerfile"), "FROM " + BASE + "\nCOPY nothing* /x/\n");
        assertThatThrownBy(() -> worker(tmp.resolve("w")).build(request(ctx, "test/escape:1"), new Events(), new Cancellation()))
                .hasMessage("Dockerfile:2: COPY failed: no source files were specified");
    }

    @Test
    void missingBaseImageIsAClearFailure() throws Exception {
        Path ctx = Files.createDirectories(tmp.resolve("ctx"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM nosuch/image:1\nRUN true\n");
        assertThatThrownBy(() -> worker(tmp.resolve("w")).build(request(ctx, "test/nobase:1"), new Events(), new Cancellation()))
                .hasMessage("Dockerfile:1: base image not found: nosuch/image:1: image-not-found: "
                        + "docker.io/nosuch/image:1: not found upstream and not mirrored: manifest unknown");
        assertThat(sync.requested()).contains("docker.io/nosuch/image:1");
    }

    @Test
    void unreachableRegistrySyncIsAClearFailure() throws Exception {
        Path ctx = Files.createDirectories(tmp.resolve("ctx"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM nosuch/other:1\nRUN true\n");
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertThatThrownBy(() -> worker(tmp.resolve("w"), "http://127.0.0.1:" + closed)
                .build(request(ctx, "test/nosync:1"), new Events(), new Cancellation()))
                .hasMessageStartingWith("Dockerfile:1: base image not found: nosuch/other:1: registry-sync at http://127.0.0.1:"
                        + closed + " is unreachable (");
    }

    @Test
    void missingBaseImageIsPulledThroughRegistrySync() throws Exception {
        LayerStore client = LayerStore.connect(URI.create(registry.url()), CredentialsProvider.ANONYMOUS);
        RepositoryName mirrored = RepositoryName.parse("quay.io/team/tool");
        sync.upstream("quay.io/team/tool:1", () -> {
            // what registry-sync does: copy the image into the layer-store under its mirrored name
            Manifest m = client.pullManifest(RepositoryName.parse("base/busybox"), "1").orElseThrow();
            for (Descriptor d : m.references()) {
                client.copyBlob(RepositoryName.parse("base/busybox"), mirrored, d);
            }
            client.pushManifest(mirrored, "1", m);
            return Map.of("repository", mirrored.value(), "digest", m.digest().toString());
        });
        Path ctx = Files.createDirectories(tmp.resolve("ctx"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM quay.io/team/tool:1\nRUN echo through > /marker\n"
                + "COPY --from=quay.io/team/tool:1 /bin/busybox /copied\n");
        worker(tmp.resolve("w")).build(request(ctx, "test/pulled:1"), new Events(), new Cancellation());
        // one ensure: once mirrored, the image is read from the layer-store directly
        assertThat(sync.requested()).filteredOn("quay.io/team/tool:1"::equals).hasSize(1);
        PulledImage img = pull("test/pulled:1");
        assertThat(img.read("/marker")).isEqualTo("through\n");
        assertThat(Files.size(img.file("/copied"))).isEqualTo(Files.size(img.file("/bin/busybox")));
    }

    private static Path evilTar(Path dir, String name, java.util.function.Consumer<org.apache.commons.compress.archivers.tar.TarArchiveOutputStream> body)
            throws IOException {
        Path f = dir.resolve(name);
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(Files.newOutputStream(f))) {
            body.accept(tar);
        }
        return f;
    }

    private static void entry(org.apache.commons.compress.archivers.tar.TarArchiveOutputStream tar, String name, byte type,
                              String link, String content) {
        try {
            var e = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(name, type);
            byte[] data = content == null ? new byte[0] : content.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (link != null) {
                e.setLinkName(link);
            }
            if (type == org.apache.commons.compress.archivers.tar.TarConstants.LF_NORMAL) {
                e.setSize(data.length);
            }
            tar.putArchiveEntry(e);
            tar.write(data);
            tar.closeArchiveEntry();
        } catch (IOException x) {
            throw new java.io.UncheckedIOException(x);
        }
    }

    @Test
    void unsafeArchivesAreRefusedAndNothingIsWrittenOutside() throws Exception {
        Path ctx = Files.createDirectories(tmp.resolve("ctx"));
        byte file = org.apache.commons.compress.archivers.tar.TarConstants.LF_NORMAL;
        byte sym = org.apache.commons.compress.archivers.tar.TarConstants.LF_SYMLINK;
        byte hard = org.apache.commons.compress.archivers.tar.TarConstants.LF_LINK;
        String marker = "slipway-evil-" + java.util.UUID.randomUUID();
        evilTar(ctx, "dotdot.tar", t -> entry(t, "../../../../../../tmp/" + marker, file, null, "x"));
        evilTar(ctx, "symlink.tar", t -> {
            entry(t, "a", sym, "/tmp", null);
            entry(t, "a/" + marker, file, null, "x");
        });
        evilTar(ctx, "hardlink.tar", t -> entry(t, "h", hard, "/etc/passwd", null));
        for (String tar : List.of("dotdot.tar", "symlink.tar", "hardlink.tar")) {
            Files.writeString(ctx.resolve("Dockerfile"), "FROM " + BASE + "\nADD " + tar + " /x/\n");
            assertThatThrownBy(() -> worker(tmp.resolve("w")).build(request(ctx, "test/evil:1"), new Events(), new Cancellation()))
                    .hasMessageStartingWith("Dockerfile:2: ADD failed: archive " + tar + " is unsafe");
        }
        assertThat(Files.exists(Path.of("/tmp", marker))).isFalse();
        assertThat(FileStat.of(Path.of("/etc/passwd")).nlink()).isEqualTo(1);
        try (Stream<Path> s = Files.list(tmp.resolve("w").resolve("snapshots"))) {
            assertThat(s).as("snapshots are removed after a failed step").isEmpty();
        }
    }

    @Test
    void copyIntoASymlinkedDirectoryStaysInsideTheRootfs() throws Exception {
        Path ctx = Files.createDirectories(tmp.resolve("ctx"));
        String marker = "slipway-host-path-" + java.util.UUID.randomUUID();
        Files.writeString(ctx.resolve("x"), "inside\n");
        Files.writeString(ctx.resolve("Dockerfile"), "FROM " + BASE + "\nRUN mkdir -p /" + marker + " && ln -s /" + marker
                + " /cfg\nCOPY x /cfg/\n");
        worker(tmp.resolve("w")).build(request(ctx, "test/symdest:1"), new Events(), new Cancellation());
        assertThat(Files.exists(Path.of("/", marker))).isFalse();
        assertThat(pull("test/symdest:1").read("/" + marker + "/x")).isEqualTo("inside\n");
    }

    @Test
    void runThenCommitLikeTheTutorial() throws Exception {
        Containers containers = new Containers(worker(tmp.resolve("w")));
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        Containers.RunOutcome run = containers.run(ImageReference.parse(BASE),
                List.of("/bin/sh", "-c", "mkdir -p /var/lib/gems && echo json > /var/lib/gems/json && echo installed json"),
                Map.of(), null, null, (s, l) -> out.add(l), new Cancellation());
        assertThat(run.exitCode()).isZero();
        assertThat(out).containsExactly("installed json");
        assertThat(run.containerId()).matches("[0-9a-f]{64}");
        BuildResult committed = containers.commit(run.containerId(), dev.slipway.common.oci.RepositoryName.parse("ouruser/sinatra"),
                dev.slipway.common.oci.Tag.parse("v2"), "Added json gem", "Docker Newbee");
        PulledImage img = pull("ouruser/sinatra:v2");
        assertThat(img.manifestDigest()).isEqualTo(committed.manifestDigest().toString());
        assertThat(img.read("/var/lib/gems/json")).isEqualTo("json\n");
        assertThat(img.config().path("author").asText()).isEqualTo("Docker Newbee");
        JsonNode last = img.config().path("history").get(img.config().path("history").size() - 1);
        assertThat(last.path("comment").asText()).isEqualTo("Added json gem");
        assertThat(last.path("created_by").asText()).startsWith("/bin/sh -c mkdir -p /var/lib/gems");
        assertThatThrownBy(() -> containers.commit("0123456789ab", dev.slipway.common.oci.RepositoryName.parse("x/y"),
                dev.slipway.common.oci.Tag.LATEST, "m", "a")).hasMessage("No such container: 0123456789ab");
    }
}
