package dev.slipway.cli.command;

import static dev.slipway.cli.command.CliTestSupport.JOB;
import static dev.slipway.cli.command.CliTestSupport.accepted;
import static dev.slipway.cli.command.CliTestSupport.emptyConfigDir;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.common.job.JobCancelled;
import dev.slipway.common.job.JobFailed;
import dev.slipway.common.job.JobId;
import dev.slipway.common.job.JobStarted;
import dev.slipway.common.job.JobSucceeded;
import dev.slipway.common.job.LogChunk;
import dev.slipway.common.job.Progress;
import dev.slipway.common.job.StepFinished;
import dev.slipway.common.job.StepStarted;
import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.ImageReference;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** pull, push, build, run, commit, jobs, logs and cancel: submissions, their event streams, and their errors. */
@QuarkusMainTest
class JobVerbsTest {

    private static final JobId ID = JobId.parse(JOB);
    private static final Instant T = Instant.parse("2026-11-28T08:00:00Z");
    private static final Digest MANIFEST = Digest.sha256("manifest".getBytes(StandardCharsets.UTF_8));
    private static final Digest CONFIG = Digest.sha256("config".getBytes(StandardCharsets.UTF_8));
    private static FakeGateway gateway;
    private Path config;
    private long sequence;

    @BeforeAll
    static void startGateway() throws IOException {
        gateway = FakeGateway.start();
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
    }

    @BeforeEach
    void fresh() {
        gateway.reset();
        config = emptyConfigDir();
        sequence = 0;
    }

    private LaunchResult slip(QuarkusMainLauncher launcher, String... args) {
        return CliTestSupport.slip(launcher, gateway.url(), config, args);
    }

    private Progress progress(String id, String status) {
        return new Progress(ID, 1, sequence++, T, id, status, 0, 0);
    }

    private JobSucceeded succeeded(Map<String, String> result, Digest digest, String... tags) {
        return new JobSucceeded(ID, 1, sequence++, T, result, digest,
                java.util.Arrays.stream(tags).map(ImageReference::parse).toList());
    }

    private JobFailed failed(String message, Integer step, Integer line, Integer exitCode) {
        return new JobFailed(ID, 1, sequence++, T, message, step, line, exitCode);
    }

    @Test
    void pullPrintsPerLayerProgressThenDigestAndStatus(QuarkusMainLauncher launcher) {
        gateway.json("POST", "/api/v1/pulls", 202, accepted("PULL"));
        gateway.events(JOB, new Events()
                .add(new JobStarted(ID, 1, sequence++, T, "sync-1"))
                .add(progress("b7de3133ff98", "Pulling fs layer"))
                .add(progress("a3ed95caeb02", "Already exists"))
                .add(new Progress(ID, 1, sequence++, T, "b7de3133ff98", "Downloading", 100, 1000))
                .add(progress("b7de3133ff98", "Download complete"))
                .add(progress("b7de3133ff98", "Pull complete"))
                .add(succeeded(Map.of(), MANIFEST, "centos:latest")).sse());

        LaunchResult result = slip(launcher, "pull", "centos");

        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).isEqualTo(""
                + "Using default tag: latest\n"
                + "latest: Pulling from library/centos\n"
                + "b7de3133ff98: Pulling fs layer\n"
                + "a3ed95caeb02: Already exists\n"
                + "b7de3133ff98: Downloading\n"
                + "b7de3133ff98: Download complete\n"
                + "b7de3133ff98: Pull complete\n"
                + "Digest: " + MANIFEST + "\n"
                + "Status: Downloaded newer image for centos:latest\n"
                + "docker.io/library/centos:latest");
        assertThat(gateway.last("POST", "/api/v1/pulls").bodyText()).isEqualTo("{\"image\":\"centos\"}");
        assertThat(gateway.last("GET", "/api/v1/jobs/").header("Accept")).isEqualTo("text/event-stream");
    }

    @Test
    void aDroppedEventStreamIsResumedFromTheLastEventId(QuarkusMainLauncher launcher) {
        gateway.json("POST", "/api/v1/pulls", 202, accepted("PULL"));
        gateway.json("GET", "/api/v1/jobs/" + JOB, 200, accepted("PULL"));
        gateway.resumableEvents(JOB,
                new Events().add(progress("b7de3133ff98", "Pulling fs layer")).add(progress("b7de3133ff98", "Pull complete")).sse(),
                new Events(3).add(succeeded(Map.of(), MANIFEST, "busybox:1.36")).sse());

        LaunchResult result = slip(launcher, "pull", "busybox:1.36");

        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).isEqualTo("1.36: Pulling from library/busybox\n"
                + "b7de3133ff98: Pulling fs layer\n"
                + "b7de3133ff98: Pull complete\n"
                + "Digest: " + MANIFEST + "\n"
                + "Status: Downloaded newer image for busybox:1.36\n"
                + "docker.io/library/busybox:1.36");
        assertThat(gateway.last("GET", "/api/v1/jobs/" + JOB + "/events").header("Last-Event-ID")).isEqualTo("2");
    }

    @Test
    void aStreamEndingWithoutATerminalEventFallsBackToTheJobsState(QuarkusMainLauncher launcher) {
        gateway.json("POST", "/api/v1/pulls", 202, accepted("PULL"));
        gateway.json("GET", "/api/v1/jobs/" + JOB, 200, "{\"id\":\"" + JOB + "\",\"kind\":\"PULL\",\"state\":\"FAILED\","
                + "\"error\":{\"reason\":\"expired\",\"message\":\"not picked up by a worker before 2026-11-28T09:00:00Z\"}}");
        gateway.events(JOB, new Events().add(progress("b7de3133ff98", "Pulling fs layer")).sse());

        LaunchResult result = slip(launcher, "pull", "busybox:1.36");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.getErrorOutput()).isEqualTo("Error: not picked up by a worker before 2026-11-28T09:00:00Z");
    }

    @Test
    void pullOfAnUnknownOrForbiddenImageIsOneLine(QuarkusMainLauncher launcher) {
        gateway.problem("POST", "/api/v1/pulls", 404, "image-not-found", "manifest unknown upstream");
        LaunchResult missing = slip(launcher, "pull", "ouruser/sinatra:v3");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.getErrorOutput()).isEqualTo("Error: image \"ouruser/sinatra:v3\" not found");

        gateway.problem("POST", "/api/v1/pulls", 403, "forbidden", "no");
        LaunchResult forbidden = slip(launcher, "pull", "training/sinatra");
        assertThat(forbidden.getErrorOutput()).isEqualTo("Error: not allowed to pull training/sinatra:latest");
    }

    @Test
    void aPullThatFailsOnTheFarmExitsOneWithTheJobsMessage(QuarkusMainLauncher launcher) {
        gateway.json("POST", "/api/v1/pulls", 202, accepted("PULL"));
        gateway.events(JOB, new Events().add(failed("manifest for centos:9 not found upstream", null, null, null)).sse());
        LaunchResult result = slip(launcher, "pull", "centos:9");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.getOutput()).isEqualTo("9: Pulling from library/centos");
        assertThat(result.getErrorOutput()).isEqualTo("Error: manifest for centos:9 not found upstream");
    }

    @Test
    void pullAllTagsAsksForEveryTagAndPrintsEachTagsDigest(QuarkusMainLauncher launcher) {
        gateway.json("POST", "/api/v1/pulls", 202, accepted("PULL"));
        gateway.events(JOB, new Events()
                .add(progress("b7de3133ff98", "Pulling fs layer"))
                .add(progress("b7de3133ff98", "Pull complete"))
                .add(succeeded(Map.of("digest.latest", MANIFEST.toString(), "digest.v2", CONFIG.toString()), MANIFEST,
                        "training/sinatra:latest", "training/sinatra:v2")).sse());

        LaunchResult result = slip(launcher, "pull", "--all-tags", "training/sinatra");

        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).isEqualTo(""
                + "Pulling all tags of training/sinatra\n"
                + "b7de3133ff98: Pulling fs layer\n"
                + "b7de3133ff98: Pull complete\n"
                + "latest: Digest: " + MANIFEST + "\n"
                + "v2: Digest: " + CONFIG + "\n"
                + "Status: Downloaded newer image for training/sinatra\n"
                + "docker.io/training/sinatra");
        assertThat(gateway.last("POST", "/api/v1/pulls").bodyText())
                .isEqualTo("{\"image\":\"training/sinatra\",\"allTags\":true}");

        LaunchResult tagged = slip(launcher, "pull", "-a", "training/sinatra:v2");
        assertThat(tagged.exitCode()).isEqualTo(125);
        assertThat(tagged.getErrorOutput()).startsWith("Error: tag can't be used with --all-tags/-a");
        assertThat(gateway.requests().stream().filter(r -> r.method().equals("POST")).count()).isEqualTo(1);
    }

    @Test
    void buildRefusesStdinForBothContextAndDockerfileBeforeReadingIt(QuarkusMainLauncher launcher) {
        LaunchResult both = slip(launcher, "build", "-f", "-", "-");
        assertThat(both.exitCode()).isEqualTo(125);
        assertThat(both.getErrorOutput())
                .startsWith("Error: invalid argument: can't use stdin for both build context and dockerfile");
        assertThat(gateway.requests()).isEmpty();
    }

    @Test
    void pushWithoutATagPushesEveryTagAndPrintsEachDigest(QuarkusMainLauncher launcher) {
        gateway.json("POST", "/api/v1/pushes", 202, accepted("PUSH"));
        gateway.events(JOB, new Events()
                .add(progress("5f70bf18a086", "Preparing"))
                .add(progress("5f70bf18a086", "Pushed"))
                .add(succeeded(Map.of("digest.devel", CONFIG.toString(), "size.v2", "1234"), MANIFEST,
                        "ouruser/sinatra:v2", "ouruser/sinatra:devel")).sse());

        LaunchResult result = slip(launcher, "push", "ouruser/sinatra");

        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).isEqualTo(""
                + "The push refers to repository [docker.io/ouruser/sinatra]\n"
                + "5f70bf18a086: Preparing\n"
                + "5f70bf18a086: Pushed\n"
                + "v2: digest: " + MANIFEST + " size: 1234\n"
                + "devel: digest: " + CONFIG);
        assertThat(gateway.last("POST", "/api/v1/pushes").bodyText()).isEqualTo("{\"image\":\"ouruser/sinatra\"}");
    }

    @Test
    void pushOfOneTagSendsItAndRefusesTagWithAllTags(QuarkusMainLauncher launcher) {
        gateway.problem("POST", "/api/v1/pushes", 403, "forbidden", "ouruser may not push to training");
        LaunchResult forbidden = slip(launcher, "push", "training/sinatra:v2");
        assertThat(forbidden.exitCode()).isEqualTo(1);
        assertThat(forbidden.getErrorOutput()).isEqualTo("Error: not allowed to push to training/sinatra");
        assertThat(gateway.last("POST", "/api/v1/pushes").bodyText())
                .isEqualTo("{\"image\":\"training/sinatra\",\"tag\":\"v2\"}");

        LaunchResult both = slip(launcher, "push", "-a", "training/sinatra:v2");
        assertThat(both.exitCode()).isEqualTo(125);
        assertThat(both.getErrorOutput()).startsWith("Error: tag can't be used with --all-tags/-a");

        gateway.problem("POST", "/api/v1/pushes", 404, "image-not-found", "no such image");
        LaunchResult missing = slip(launcher, "push", "ouruser/sinatra:v3");
        assertThat(missing.getErrorOutput()).isEqualTo("Error: image \"ouruser/sinatra\" not found");
    }

    @Test
    void runStreamsOutputPrintsTheContainerAndExitsWithTheCommandsCode(QuarkusMainLauncher launcher) throws IOException {
        gateway.json("POST", "/api/v1/runs", 202, accepted("RUN"));
        gateway.events(JOB, new Events()
                .add(new LogChunk(ID, 1, sequence++, T, LogChunk.Stream.STDOUT, "Fetching: json-1.8.1.gem\n", null))
                .add(new LogChunk(ID, 1, sequence++, T, LogChunk.Stream.STDERR, "warning: no docs\n", null))
                .add(succeeded(Map.of("containerId", "c0ffee00c0ffee00", "exitCode", "3"), null)).sse());
        Path cid = Files.createTempDirectory("cid").resolve("cid");

        LaunchResult result = slip(launcher, "run", "-e", "GEM_HOME=/gems", "-w", "/app", "-u", "1000",
                "--cidfile", cid.toString(), "training/sinatra", "gem", "install", "json", "--no-doc");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.getOutput()).isEqualTo("Fetching: json-1.8.1.gem");
        assertThat(result.getErrorOutput()).isEqualTo("warning: no docs\nc0ffee00c0ffee00");
        assertThat(Files.readString(cid)).isEqualTo("c0ffee00c0ffee00");
        assertThat(gateway.last("POST", "/api/v1/runs").bodyText()).isEqualTo("{\"image\":\"training/sinatra\","
                + "\"cmd\":[\"gem\",\"install\",\"json\",\"--no-doc\"],\"env\":{\"GEM_HOME\":\"/gems\"},"
                + "\"workdir\":\"/app\",\"user\":\"1000\"}");
    }

    @Test
    void runFailuresOfTheFarmExit125LikeDocker(QuarkusMainLauncher launcher) {
        gateway.problem("POST", "/api/v1/runs", 404, "image-not-found", "no such image");
        LaunchResult missing = slip(launcher, "run", "ouruser/sinatra:v3", "true");
        assertThat(missing.exitCode()).isEqualTo(125);
        assertThat(missing.getErrorOutput()).isEqualTo("Error: image \"ouruser/sinatra:v3\" not found");

        gateway.json("POST", "/api/v1/runs", 202, accepted("RUN"));
        gateway.events(JOB, new Events().add(failed("exec: \"nosuch\": not found", null, null, 127)).sse());
        assertThat(slip(launcher, "run", "busybox", "nosuch").exitCode()).isEqualTo(127);

        gateway.events(JOB, new Events().add(failed("no worker could start the container", null, null, null)).sse());
        LaunchResult farm = slip(launcher, "run", "busybox", "true");
        assertThat(farm.exitCode()).isEqualTo(125);
        assertThat(farm.getErrorOutput()).isEqualTo("Error: no worker could start the container");
    }

    @Test
    void commitSendsMessageAndAuthorAndPrintsTheImageId(QuarkusMainLauncher launcher) {
        gateway.json("POST", "/api/v1/commits", 202, accepted("COMMIT"));
        gateway.events(JOB, new Events().add(succeeded(Map.of("imageId", CONFIG.toString()), MANIFEST,
                "ouruser/sinatra:v2")).sse());

        LaunchResult result = slip(launcher, "commit", "-m", "Added json gem", "-a",
                "Tutorial Author <author@example.com>", "c0ffee00c0ffee00", "ouruser/sinatra:v2");

        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).isEqualTo(CONFIG.toString());
        assertThat(gateway.last("POST", "/api/v1/commits").bodyText()).isEqualTo("{\"container\":\"c0ffee00c0ffee00\","
                + "\"repository\":\"ouruser/sinatra\",\"tag\":\"v2\",\"message\":\"Added json gem\","
                + "\"author\":\"Tutorial Author <author@example.com>\"}");
    }

    @Test
    void commitOfAnUnknownContainerOrIntoAForeignNamespace(QuarkusMainLauncher launcher) {
        gateway.problem("POST", "/api/v1/commits", 400, "invalid-request", "no container c0ffee00 (run it first)");
        LaunchResult unknown = slip(launcher, "commit", "c0ffee00", "ouruser/sinatra:v2");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.getErrorOutput()).isEqualTo("Error: no container c0ffee00 (run it first)");
        gateway.problem("POST", "/api/v1/commits", 403, "forbidden", "no");
        LaunchResult forbidden = slip(launcher, "commit", "c0ffee00", "training/sinatra:v2");
        assertThat(forbidden.getErrorOutput()).isEqualTo("Error: not allowed to commit to training/sinatra");
    }

    @Test
    void buildUploadsTheContextTarWithTheFlagsAndPrintsTheClassicBuilderOutput(QuarkusMainLauncher launcher)
            throws IOException {
        Path context = Files.createTempDirectory("ctx");
        Files.writeString(context.resolve("Dockerfile"), "FROM ubuntu:14.04\nRUN echo hi\n");
        Files.writeString(context.resolve(".dockerignore"), "*.log\n");
        Files.writeString(context.resolve("app.rb"), "puts 1\n");
        Files.writeString(context.resolve("debug.log"), "noise\n");
        gateway.json("POST", "/api/v1/builds", 202, accepted("BUILD"));
        Digest layer = Digest.sha256("layer".getBytes(StandardCharsets.UTF_8));
        gateway.events(JOB, new Events()
                .add(new StepStarted(ID, 1, sequence++, T, 1, 2, "FROM ubuntu:14.04"))
                .add(new StepFinished(ID, 1, sequence++, T, 1, 1, null))
                .add(new StepStarted(ID, 1, sequence++, T, 2, 2, "RUN echo hi"))
                .add(new LogChunk(ID, 1, sequence++, T, LogChunk.Stream.STDOUT, "hi\n", 2))
                .add(new StepFinished(ID, 1, sequence++, T, 2, 5, layer))
                .add(succeeded(Map.of("imageId", CONFIG.toString()), MANIFEST, "ouruser/sinatra:v2")).sse());

        LaunchResult result = slip(launcher, "build", "-t", "ouruser/sinatra:v2", "--build-arg", "GEM=json",
                "--no-cache", "--pull", "--target", "final", context.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).matches("(?s)Sending build context to Slipway gateway  \\d+(\\.\\d+)?kB\n.*")
                .endsWith("Step 1/2 : FROM ubuntu:14.04\n"
                        + "Step 2/2 : RUN echo hi\n"
                        + "hi\n"
                        + " ---> " + layer.shortId() + "\n"
                        + "Successfully built " + CONFIG.shortId() + "\n"
                        + "Successfully tagged ouruser/sinatra:v2");
        FakeGateway.Request upload = gateway.last("POST", "/api/v1/builds");
        assertThat(upload.uri()).isEqualTo("/api/v1/builds?t=ouruser%2Fsinatra%3Av2&dockerfile=Dockerfile"
                + "&buildargs=%7B%22GEM%22%3A%22json%22%7D&target=final&nocache=true&pull=true");
        assertThat(upload.header("Content-Type")).isEqualTo("application/x-tar");
        assertThat(upload.header("Authorization")).as("no token configured for this test").isNull();
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(upload.body()))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                names.add(entry.getName());
            }
        }
        assertThat(names).containsExactly(".dockerignore", "Dockerfile", "app.rb");
    }

    @Test
    void aFailedBuildStepExitsWithItsCodeAndNamesTheStep(QuarkusMainLauncher launcher) throws IOException {
        Path context = Files.createTempDirectory("ctx");
        Files.writeString(context.resolve("Dockerfile"), "FROM busybox\nRUN exit 7\n");
        gateway.json("POST", "/api/v1/builds", 202, accepted("BUILD"));
        gateway.events(JOB, new Events()
                .add(new StepStarted(ID, 1, sequence++, T, 2, 2, "RUN exit 7"))
                .add(failed("The command '/bin/sh -c exit 7' returned a non-zero code: 7", 2, 2, 7)).sse());

        LaunchResult result = slip(launcher, "build", "-t", "x/y", context.toString());

        assertThat(result.exitCode()).isEqualTo(7);
        assertThat(result.getErrorOutput()).isEqualTo(
                "Error: step 2 (Dockerfile line 2): The command '/bin/sh -c exit 7' returned a non-zero code: 7");
    }

    @Test
    void buildErrorsBeforeAndAtUpload(QuarkusMainLauncher launcher) throws IOException {
        Path empty = Files.createTempDirectory("ctx");
        LaunchResult noDockerfile = slip(launcher, "build", empty.toString());
        assertThat(noDockerfile.exitCode()).isEqualTo(1);
        assertThat(noDockerfile.getErrorOutput()).startsWith("Error: unable to prepare context: the Dockerfile (")
                .endsWith(") cannot be found");
        LaunchResult badTag = slip(launcher, "build", "-t", "Bad:Tag:x", empty.toString());
        assertThat(badTag.exitCode()).isEqualTo(125);

        Files.writeString(empty.resolve("Dockerfile"), "FROM busybox\n");
        gateway.problem("POST", "/api/v1/builds", 403, "forbidden", "ouruser may not write to training");
        LaunchResult forbidden = slip(launcher, "build", "-t", "training/sinatra", empty.toString());
        assertThat(forbidden.exitCode()).isEqualTo(1);
        assertThat(forbidden.getErrorOutput())
                .isEqualTo("Error: not allowed to build into training/sinatra: ouruser may not write to training");
        assertThat(gateway.requests()).hasSize(1);
    }

    @Test
    void jobsListsTheCallersJobs(QuarkusMainLauncher launcher) {
        Instant created = Instant.now().minusSeconds(300);
        gateway.json("GET", "/api/v1/jobs", 200, "{\"items\":[{\"id\":\"" + JOB + "\",\"kind\":\"BUILD\","
                + "\"state\":\"SUCCEEDED\",\"owner\":\"admin\",\"attempt\":1,\"createdAt\":\"" + created + "\","
                + "\"startedAt\":\"" + created + "\",\"finishedAt\":\"" + created.plusSeconds(42) + "\"}],"
                + "\"page\":0,\"size\":50,\"total\":1}");

        LaunchResult result = slip(launcher, "jobs", "--state", "succeeded");

        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).isEqualTo(""
                + "JOB ID                                 KIND      STATE       OWNER     CREATED         DURATION\n"
                + JOB + "   build     succeeded   admin     5 minutes ago   42 seconds");
        assertThat(gateway.last("GET", "/api/v1/jobs").uri()).isEqualTo("/api/v1/jobs?state=SUCCEEDED");
        assertThat(slip(launcher, "jobs", "-q").getOutput()).isEqualTo(JOB);
    }

    @Test
    void logsPrintsTheOutputAndFollowsTheEventStream(QuarkusMainLauncher launcher) {
        gateway.text("GET", "/api/v1/jobs/" + JOB + "/logs", "line one\nline two\n");
        LaunchResult plain = slip(launcher, "logs", JOB);
        assertThat(plain.exitCode()).isZero();
        assertThat(plain.getOutput()).isEqualTo("line one\nline two");

        gateway.json("GET", "/api/v1/jobs/" + JOB, 200, accepted("RUN"));
        gateway.events(JOB, new Events()
                .add(new LogChunk(ID, 1, sequence++, T, LogChunk.Stream.STDOUT, "streamed\n", null))
                .add(new JobCancelled(ID, 1, sequence++, T, "by admin")).sse());
        LaunchResult followed = slip(launcher, "logs", "-f", JOB);
        assertThat(followed.exitCode()).isZero();
        assertThat(followed.getOutput()).isEqualTo("streamed");
    }

    @Test
    void logsAndCancelOfUnknownOrMalformedJobs(QuarkusMainLauncher launcher) {
        gateway.problem("GET", "/api/v1/jobs/" + JOB + "/logs", 404, "job-not-found", "no job " + JOB);
        LaunchResult unknown = slip(launcher, "logs", JOB);
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.getErrorOutput()).isEqualTo("Error: no such job: " + JOB);

        LaunchResult malformed = slip(launcher, "cancel", "not-a-job");
        assertThat(malformed.exitCode()).isEqualTo(125);
        assertThat(malformed.getErrorOutput()).startsWith("Error: invalid job id \"not-a-job\"");

        gateway.problem("DELETE", "/api/v1/jobs/" + JOB, 409, "job-finished", "job " + JOB + " already finished");
        LaunchResult finished = slip(launcher, "cancel", JOB);
        assertThat(finished.exitCode()).isEqualTo(1);
        assertThat(finished.getErrorOutput()).isEqualTo("Error: job " + JOB + " already finished");
    }

    @Test
    void cancelPrintsTheJob(QuarkusMainLauncher launcher) {
        gateway.json("DELETE", "/api/v1/jobs/" + JOB, 200, accepted("BUILD"));
        LaunchResult result = slip(launcher, "cancel", JOB);
        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).isEqualTo(JOB);
    }
}
