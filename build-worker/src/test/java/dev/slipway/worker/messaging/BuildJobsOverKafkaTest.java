package dev.slipway.worker.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.common.job.BuildSpec;
import dev.slipway.common.job.JobCancelled;
import dev.slipway.common.job.JobControl;
import dev.slipway.common.job.JobEvent;
import dev.slipway.common.job.JobFailed;
import dev.slipway.common.job.JobId;
import dev.slipway.common.job.JobJson;
import dev.slipway.common.job.JobKind;
import dev.slipway.common.job.JobRequest;
import dev.slipway.common.job.JobStarted;
import dev.slipway.common.job.JobSucceeded;
import dev.slipway.common.job.LogChunk;
import dev.slipway.common.job.Progress;
import dev.slipway.common.job.StepCached;
import dev.slipway.common.job.StepFinished;
import dev.slipway.common.job.StepStarted;
import dev.slipway.common.job.Topics;
import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.ImageManifest;
import dev.slipway.common.oci.ImageReference;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.registry.client.CredentialsProvider;
import dev.slipway.worker.registry.LayerStore;
import dev.slipway.worker.testing.BusyboxRootfs;
import dev.slipway.worker.testing.ContextTar;
import dev.slipway.worker.testing.PulledImage;
import dev.slipway.worker.testing.RegistryResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.RoundRobinAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker as the farm runs it: jobs in on a real Kafka broker, events out, images in a real registry. */
@QuarkusTest
@QuarkusTestResource(RegistryResource.class)
class BuildJobsOverKafkaTest {

    static KafkaProducer<String, byte[]> producer;
    static KafkaConsumer<String, byte[]> events;

    @TempDir
    Path tmp;

    @BeforeAll
    static void clients() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getenv("SLIPWAY_TEST_KAFKA"));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getenv("SLIPWAY_TEST_KAFKA"));
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "bw-test-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        events = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        events.subscribe(List.of(Topics.JOB_EVENTS));
    }

    @AfterAll
    static void close() {
        producer.close();
        events.close();
    }

    private final List<JobEvent> seen = new ArrayList<>();

    private JobId submit(Path context, String tag) throws Exception {
        return send(request(context, tag), null);
    }

    private static JobRequest request(Path context, String tag) throws Exception {
        LayerStore client = LayerStore.connect(URI.create(RegistryResource.registry.url()),
                CredentialsProvider.ANONYMOUS);
        byte[] tar = ContextTar.of(context);
        Digest digest = client.pushBlob(RepositoryName.parse(BuildSpec.CONTEXT_REPOSITORY), tar);
        BuildSpec spec = new BuildSpec(digest, tar.length, List.of(ImageReference.parse(tag)), Map.of(), null, null,
                false, null, Map.of(), Map.of());
        return new JobRequest(new JobId(UUID.randomUUID()), JobKind.BUILD, 1, "tester", spec);
    }

    /** Publishes the job to the given partition, or the one its key hashes to ({@code null}). */
    private static JobId send(JobRequest request, Integer partition) throws Exception {
        producer.send(new ProducerRecord<>(Topics.BUILD_JOBS, partition, request.jobId().toString(),
                JobJson.write(request))).get();
        return request.jobId();
    }

    private <T extends JobEvent> T await(JobId id, Class<T> type, Predicate<JobEvent> until) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, byte[]> r : events.poll(Duration.ofMillis(200))) {
                JobEvent e = JobJson.read(r.value(), JobEvent.class);
                seen.add(e);
            }
            for (JobEvent e : seen) {
                if (e.jobId().equals(id) && until.test(e)) {
                    assertThat(e).isInstanceOf(type);
                    return type.cast(e);
                }
            }
        }
        throw new AssertionError("no terminal event for " + id + "; saw " + seen.stream().filter(e -> e.jobId().equals(id)).toList());
    }

    private static boolean terminal(JobEvent e) {
        return e instanceof JobSucceeded || e instanceof JobFailed || e instanceof JobCancelled;
    }

    private Path baseContext() throws Exception {
        Path ctx = Files.createDirectories(tmp.resolve("base"));
        BusyboxRootfs.create(Files.createDirectories(ctx.resolve("rootfs")));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\nCOPY rootfs/ /\n");
        return ctx;
    }

    @Test
    void buildJobRunsAndReportsEveryStep() throws Exception {
        JobId base = submit(baseContext(), "kafka/base:1");
        await(base, JobSucceeded.class, BuildJobsOverKafkaTest::terminal);
        Path ctx = Files.createDirectories(tmp.resolve("app"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM kafka/base:1\nRUN echo building; echo warn >&2\nCMD [\"/bin/true\"]\n");
        JobId id = submit(ctx, "kafka/app:1");
        JobSucceeded ok = await(id, JobSucceeded.class, BuildJobsOverKafkaTest::terminal);
        List<JobEvent> mine = seen.stream().filter(e -> e.jobId().equals(id)).toList();
        assertThat(mine.get(0)).isInstanceOf(JobStarted.class);
        assertThat(mine).filteredOn(e -> e instanceof StepStarted).extracting(e -> ((StepStarted) e).instruction())
                .containsExactly("FROM kafka/base:1", "RUN echo building; echo warn >&2", "CMD [\"/bin/true\"]");
        assertThat(mine).filteredOn(e -> e instanceof LogChunk).extracting(e -> ((LogChunk) e).text())
                .contains("building\n", "warn\n");
        assertThat(mine).extracting(JobEvent::sequence).isSorted().doesNotHaveDuplicates();
        PulledImage img = PulledImage.pull(RegistryResource.registry.host() + "/kafka/app:1", tmp.resolve("pulled"));
        assertThat(img.manifestDigest()).isEqualTo(ok.imageDigest().toString());
        assertThat(ok.tags()).extracting(ImageReference::familiar).containsExactly("kafka/app:1");
        // what slip build prints: Successfully built <config digest>, and the manifest digest
        LayerStore client = LayerStore.connect(URI.create(RegistryResource.registry.url()),
                CredentialsProvider.ANONYMOUS);
        ImageManifest manifest = (ImageManifest) client.pullManifest(RepositoryName.parse("kafka/app"), "1").orElseThrow();
        assertThat(ok.result()).containsEntry("imageId", manifest.config().digest().toString())
                .containsEntry("digest", img.manifestDigest());
        // " ---> Running in <container>" comes between the RUN's step-started and step-finished, before its output
        int run = indexOf(mine, e -> e instanceof StepStarted s && s.instruction().startsWith("RUN"));
        int runningIn = indexOf(mine, e -> e instanceof Progress p && p.status().equals("Running in"));
        int output = indexOf(mine, e -> e instanceof LogChunk);
        int runDone = indexOf(mine, e -> e instanceof StepFinished f && f.step() == 2);
        assertThat(runningIn).isGreaterThan(run).isLessThan(output).isLessThan(runDone);
        assertThat(((Progress) mine.get(runningIn)).id()).matches("[0-9a-f]{64}");
        Digest runLayer = ((StepFinished) mine.get(runDone)).layer();
        assertThat(runLayer).isNotNull();

        // the same build again: every step cached, with the layer it reuses, and no container
        JobId again = submit(ctx, "kafka/app:1");
        JobSucceeded cached = await(again, JobSucceeded.class, BuildJobsOverKafkaTest::terminal);
        List<JobEvent> second = seen.stream().filter(e -> e.jobId().equals(again)).toList();
        assertThat(second).filteredOn(e -> e instanceof StepCached).extracting(e -> ((StepCached) e).layer())
                .contains(runLayer);
        assertThat(second).noneMatch(e -> e instanceof Progress || e instanceof LogChunk);
        assertThat(cached.imageDigest()).isEqualTo(ok.imageDigest());
        assertThat(cached.result()).containsEntry("imageId", manifest.config().digest().toString());
    }

    private static int indexOf(List<JobEvent> events, Predicate<JobEvent> p) {
        for (int i = 0; i < events.size(); i++) {
            if (p.test(events.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no such event in " + events);
    }

    @Test
    void failingRunEndsTheJobFailedWithExitCodeAndLine() throws Exception {
        JobId base = submit(baseContext(), "kafka/base:2");
        await(base, JobSucceeded.class, BuildJobsOverKafkaTest::terminal);
        Path ctx = Files.createDirectories(tmp.resolve("fail"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM kafka/base:2\n\nRUN exit 2\n");
        JobFailed failed = await(submit(ctx, "kafka/fail:1"), JobFailed.class, BuildJobsOverKafkaTest::terminal);
        assertThat(failed.exitCode()).isEqualTo(2);
        assertThat(failed.line()).isEqualTo(3);
        assertThat(failed.message()).startsWith("Dockerfile:3: RUN returned exit code 2");
        assertThat(failed.step()).isEqualTo(2);
    }

    @Test
    void missingBaseImageAsksRegistrySyncAndFailsWithItsReason() throws Exception {
        Path ctx = Files.createDirectories(tmp.resolve("nobase"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM missing/image:7\nRUN true\n");
        JobFailed failed = await(submit(ctx, "kafka/nobase:1"), JobFailed.class, BuildJobsOverKafkaTest::terminal);
        assertThat(RegistryResource.sync.requested()).contains("docker.io/missing/image:7");
        assertThat(failed.line()).isEqualTo(1);
        assertThat(failed.message()).isEqualTo("Dockerfile:1: base image not found: missing/image:7: image-not-found: "
                + "docker.io/missing/image:7: not found upstream and not mirrored: manifest unknown");
    }

    @Test
    void cancelStopsTheRunningContainer() throws Exception {
        JobId base = submit(baseContext(), "kafka/base:3");
        await(base, JobSucceeded.class, BuildJobsOverKafkaTest::terminal);
        Path ctx = Files.createDirectories(tmp.resolve("slow"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM kafka/base:3\nRUN echo started; sleep 300\n");
        JobId id = submit(ctx, "kafka/slow:1");
        await(id, LogChunk.class, e -> e instanceof LogChunk l && l.text().contains("started"));
        producer.send(new ProducerRecord<>(Topics.JOB_CONTROL, id.toString(),
                JobJson.write(new JobControl(id, JobControl.Action.CANCEL, Instant.now())))).get();
        long start = System.nanoTime();
        await(id, JobCancelled.class, BuildJobsOverKafkaTest::terminal);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
    }

    private JobId submitSpec(dev.slipway.common.job.JobSpec spec) throws Exception {
        JobId id = new JobId(UUID.randomUUID());
        producer.send(new ProducerRecord<>(Topics.BUILD_JOBS, id.toString(),
                JobJson.write(new JobRequest(id, spec.kind(), 1, "tester", spec)))).get();
        return id;
    }

    @Test
    void runThenCommitJobs() throws Exception {
        JobId base = submit(baseContext(), "kafka/base:4");
        await(base, JobSucceeded.class, BuildJobsOverKafkaTest::terminal);
        JobId run = submitSpec(new dev.slipway.common.job.RunSpec(ImageReference.parse("kafka/base:4"),
                List.of("/bin/sh", "-c", "echo json > /gem && echo Successfully installed json"), Map.of(), null, null));
        JobSucceeded ran = await(run, JobSucceeded.class, BuildJobsOverKafkaTest::terminal);
        assertThat(seen).filteredOn(e -> e.jobId().equals(run) && e instanceof LogChunk)
                .extracting(e -> ((LogChunk) e).text()).contains("Successfully installed json\n");
        String container = ran.result().get("containerId");
        assertThat(container).matches("[0-9a-f]{64}");
        assertThat(ran.result()).containsEntry("exitCode", "0");
        JobId commit = submitSpec(new dev.slipway.common.job.CommitSpec(container,
                RepositoryName.parse("ouruser/sinatra"), dev.slipway.common.oci.Tag.parse("v2"), "Added json gem",
                "Kate Smith <ksmith@example.com>"));
        JobSucceeded committed = await(commit, JobSucceeded.class, BuildJobsOverKafkaTest::terminal);
        PulledImage img = PulledImage.pull(RegistryResource.registry.host() + "/ouruser/sinatra:v2", tmp.resolve("committed"));
        assertThat(img.manifestDigest()).isEqualTo(committed.imageDigest().toString());
        assertThat(committed.result().get("imageId")).startsWith("sha256:").isNotEqualTo(img.manifestDigest());
        assertThat(img.read("/gem")).isEqualTo("json\n");
        assertThat(img.config().path("author").asText()).isEqualTo("Kate Smith <ksmith@example.com>");
        var history = img.config().path("history");
        assertThat(history.get(history.size() - 1).path("comment").asText()).isEqualTo("Added json gem");
    }

    @Test
    void aJobWaitingForASlotWhosePartitionMovesRunsOnceOnItsNewOwner() throws Exception {
        JobId base = submit(baseContext(), "kafka/base:5");
        await(base, JobSucceeded.class, BuildJobsOverKafkaTest::terminal);
        List<JobId> busy = occupyEverySlot("kafka/base:5", "busy");
        double movedBefore = metric(SKIPPED, "partition-moved");
        Path ctx = Files.createDirectories(tmp.resolve("waits"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM kafka/base:5\nRUN echo waited\n");
        JobId waiting = send(request(ctx, "kafka/waited:1"), 0);
        awaitMetric(WAITING, null, 1);

        // a second member joins the group; with the workers' round-robin assignment and a client id that sorts first it gets partition 0
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getenv("SLIPWAY_TEST_KAFKA"));
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "slipway-build-workers");
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "0-new-owner");
        c.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RoundRobinAssignor.class.getName());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, byte[]> newOwner = new KafkaConsumer<>(c, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            newOwner.subscribe(List.of(Topics.BUILD_JOBS));
            Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
            boolean handedOver = false;
            while (!handedOver && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> r : newOwner.poll(Duration.ofMillis(200))) {
                    handedOver |= r.key().equals(waiting.toString());
                }
            }
            assertThat(handedOver).as("the waiting job's record went to the new member").isTrue();
            assertThat(newOwner.assignment()).contains(new TopicPartition(Topics.BUILD_JOBS, 0));

            // the slots free up; the record that waited for one is no longer this worker's
            for (JobId id : busy) {
                producer.send(new ProducerRecord<>(Topics.JOB_CONTROL, id.toString(),
                        JobJson.write(new JobControl(id, JobControl.Action.CANCEL, Instant.now())))).get();
            }
            for (JobId id : busy) {
                await(id, JobCancelled.class, BuildJobsOverKafkaTest::terminal);
            }
            awaitMetric(SKIPPED, "partition-moved", movedBefore + 1);
            assertThat(seen).noneMatch(e -> e.jobId().equals(waiting));
        }
        // the new member leaves without committing: the job comes back to the worker and runs, once
        await(waiting, JobSucceeded.class, BuildJobsOverKafkaTest::terminal);
        assertThat(seen).filteredOn(e -> e.jobId().equals(waiting) && e instanceof JobStarted).hasSize(1);
        for (JobId id : busy) {
            assertThat(seen).filteredOn(e -> e.jobId().equals(id) && e instanceof JobStarted).hasSize(1);
        }
    }

    @Test
    void theSameAttemptDeliveredTwiceRunsOnce() throws Exception {
        JobId base = submit(baseContext(), "kafka/base:6");
        await(base, JobSucceeded.class, BuildJobsOverKafkaTest::terminal);
        Path ctx = Files.createDirectories(tmp.resolve("twice"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM kafka/base:6\nRUN echo once\n");
        JobRequest request = request(ctx, "kafka/once:1");
        double before = metric(SKIPPED, "duplicate");
        send(request, null);
        send(request, null);
        await(request.jobId(), JobSucceeded.class, BuildJobsOverKafkaTest::terminal);
        awaitMetric(SKIPPED, "duplicate", before + 1);
        assertThat(seen).filteredOn(e -> e.jobId().equals(request.jobId()) && e instanceof JobStarted).hasSize(1);
        assertThat(seen).filteredOn(e -> e.jobId().equals(request.jobId()) && terminal(e)).hasSize(1);
    }

    @Test
    void anAttemptTheGatewaySupersededWhileItWaitedIsNotStarted() throws Exception {
        JobId base = submit(baseContext(), "kafka/base:7");
        await(base, JobSucceeded.class, BuildJobsOverKafkaTest::terminal);
        List<JobId> busy = occupyEverySlot("kafka/base:7", "occupied"); // the job's first attempt waits for a slot
        double before = metric(SKIPPED, "superseded");
        Path ctx = Files.createDirectories(tmp.resolve("superseded"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM kafka/base:7\nRUN echo replaced\n");
        JobRequest first = request(ctx, "kafka/superseded:1");
        JobRequest second = new JobRequest(first.jobId(), first.kind(), 2, first.owner(), first.payload());
        send(first, 0);
        awaitMetric(WAITING, null, 1);
        send(second, 0);
        // what the gateway publishes when it re-publishes a silent job; then the slots free up (one partition, so
        // the worker reads the superseded record before the cancels)
        producer.send(new ProducerRecord<>(Topics.JOB_CONTROL, 0, first.jobId().toString(),
                JobJson.write(JobControl.superseded(first.jobId(), 1, Instant.now())))).get();
        for (JobId id : busy) {
            producer.send(new ProducerRecord<>(Topics.JOB_CONTROL, 0, id.toString(),
                    JobJson.write(new JobControl(id, JobControl.Action.CANCEL, Instant.now())))).get();
        }
        JobSucceeded done = await(first.jobId(), JobSucceeded.class, BuildJobsOverKafkaTest::terminal);
        assertThat(done.attempt()).isEqualTo(2);
        awaitMetric(SKIPPED, "superseded", before + 1);
        assertThat(seen).filteredOn(e -> e.jobId().equals(first.jobId()) && e instanceof JobStarted)
                .extracting(JobEvent::attempt).containsExactly(2);
    }

    /**
     * Fills every slot (worker.concurrency=2) with a job on partition 0 that runs until cancelled.
     *
     * @return the running jobs, once each has started its RUN step
     */
    private List<JobId> occupyEverySlot(String base, String name) throws Exception {
        List<JobId> busy = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            Path ctx = Files.createDirectories(tmp.resolve(name + i));
            Files.writeString(ctx.resolve("Dockerfile"), "FROM " + base + "\nRUN echo started " + i + "; sleep 300\n");
            busy.add(send(request(ctx, "kafka/" + name + ":" + i), 0));
        }
        for (JobId id : busy) {
            await(id, LogChunk.class, e -> e instanceof LogChunk l && l.text().contains("started"));
        }
        return busy;
    }

    private static final String WAITING = "slipway_worker_jobs_waiting";
    private static final String SKIPPED = "slipway_worker_jobs_skipped_total";

    /** A sample from the worker's Prometheus endpoint (0 when absent), the one with {@code reason} if given. */
    private static double metric(String name, String reason) {
        String body = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : body.split("\n")) {
            boolean named = line.startsWith(name + "{") || line.startsWith(name + " ");
            if (named && (reason == null || line.contains("reason=\"" + reason + "\""))) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private void awaitMetric(String name, String reason, double value) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        double now = metric(name, reason);
        while (now != value && Instant.now().isBefore(deadline)) {
            // keep reading the events meanwhile, so the assertions afterwards see them all
            events.poll(Duration.ofMillis(200)).forEach(r -> seen.add(JobJson.read(r.value(), JobEvent.class)));
            now = metric(name, reason);
        }
        assertThat(now).as(name + (reason == null ? "" : " " + reason)).isEqualTo(value);
    }
}
