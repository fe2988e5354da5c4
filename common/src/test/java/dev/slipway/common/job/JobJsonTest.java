package dev.slipway.common.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.common.oci.Descriptor;
import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.ImageReference;
import dev.slipway.common.oci.MediaTypes;
import dev.slipway.common.oci.Platform;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.common.oci.Tag;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JobJsonTest {
    private static final JobId JOB = new JobId(UUID.fromString("6f1c1b9e-2a2b-4c3d-8e4f-5a6b7c8d9e0f"));
    private static final Instant AT = Instant.parse("2026-11-28T08:00:00.123456789Z");
    private static final Digest LAYER = Digest.sha256("layer".getBytes(StandardCharsets.UTF_8));

    static Stream<JobEvent> everyEvent() {
        return Stream.of(
                new JobStarted(JOB, 1, 0, AT, "worker-1"),
                new Heartbeat(JOB, 1, 1, AT, "worker-1"),
                new StepStarted(JOB, 1, 2, AT, 1, 3, "FROM busybox"),
                new StepCached(JOB, 1, 3, AT, 2, "RUN make", LAYER),
                new StepFinished(JOB, 2, 4, AT, 3, 1500, null),
                new LogChunk(JOB, 2, 5, AT, LogChunk.Stream.STDERR, "warning: ünïcode\nline 2\n", 3),
                new Progress(JOB, 1, 6, AT, "3f4ca61aafcd", "Downloading", 12_100_000, 30_400_000),
                new Warning(JOB, 1, 7, AT, "SecretsUsedInArgOrEnv"),
                new JobSucceeded(JOB, 1, 8, AT, Map.of("containerId", "abc"), LAYER,
                        List.of(ImageReference.parse("localhost:5000/a/b:t"), ImageReference.parse("ubuntu"))),
                new JobFailed(JOB, 1, 9, AT, "RUN exit 3: exit code 3", 4, 7, 3),
                new JobCancelled(JOB, 3, 10, AT, "cancelled by alice"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyEvent")
    void everyEventTypeRoundTrips(JobEvent event) {
        byte[] json = JobJson.write(event);
        JobEvent back = JobJson.read(json, JobEvent.class);
        assertThat(back).isEqualTo(event).isExactlyInstanceOf(event.getClass());
        String text = new String(json, StandardCharsets.UTF_8);
        assertThat(text).startsWith("{\"type\":\"" + event.type() + "\"")
                .contains("\"jobId\":\"6f1c1b9e-2a2b-4c3d-8e4f-5a6b7c8d9e0f\"")
                .contains("\"timestamp\":\"2026-11-28T08:00:00.123456789Z\"")
                .doesNotContain("null");
        assertThat(JobJson.write(back)).isEqualTo(json);
    }

    @Test
    void everySubtypeIsCoveredAndTypeNamesAreDistinct() {
        Set<Class<?>> covered = everyEvent().map(Object::getClass).collect(Collectors.toSet());
        assertThat(covered).containsExactlyInAnyOrder(JobEvent.class.getPermittedSubclasses());
        assertThat(everyEvent().map(JobEvent::type).distinct()).hasSize(JobEvent.class.getPermittedSubclasses().length);
    }

    @Test
    void terminalEventsCarryTheirState() {
        assertThat(everyEvent().filter(e -> e.resultingState() != null && e.resultingState().isTerminal())
                .map(JobEvent::type)).containsExactly("job-succeeded", "job-failed", "job-cancelled");
        assertThat(new JobStarted(JOB, 1, 0, AT, "w").resultingState()).isEqualTo(JobState.RUNNING);
        assertThat(JobState.QUEUED.isTerminal()).isFalse();
    }

    static Stream<JobSpec> everySpec() {
        return Stream.of(
                new BuildSpec(LAYER, 10_240, List.of(ImageReference.parse("ouruser/sinatra:v2")),
                        Map.of("HTTP_PROXY", "x"), "build", null, true, 0L, Map.of("l", "v"), Map.of("s", "t")),
                new PullSpec(ImageReference.parse("ubuntu:14.04"), false),
                new PushSpec(new ImageReference("localhost:5000", RepositoryName.parse("a/b"), null, null)),
                new RunSpec(ImageReference.parse("busybox"), List.of("sh", "-c", "echo hi"), Map.of("A", "1"), "/", null),
                new CommitSpec("c0ffee", RepositoryName.parse("ouruser/sinatra"), Tag.parse("v2"), "Added json gem",
                        "Kate Smith <ksmith@example.com>"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everySpec")
    void everyJobRequestKindRoundTrips(JobSpec spec) {
        JobRequest request = new JobRequest(JOB, spec.kind(), 1, "alice", spec);
        byte[] json = JobJson.write(request);
        JobRequest back = JobJson.read(json, JobRequest.class);
        assertThat(back).isEqualTo(request);
        assertThat(back.payload()).isExactlyInstanceOf(spec.getClass());
        assertThat(new String(json, StandardCharsets.UTF_8))
                .contains("\"kind\":\"" + spec.kind() + "\"")
                .doesNotContain("null");
        assertThat(back.nextAttempt().attempt()).isEqualTo(2);
    }

    @Test
    void specDefaults() {
        BuildSpec build = new BuildSpec(LAYER, 1, null, null, " ", null, false, null, null, null);
        assertThat(build.dockerfile()).isEqualTo("Dockerfile");
        assertThat(build.target()).isNull();
        assertThat(build.tags()).isEmpty();
        assertThat(new CommitSpec("c", RepositoryName.parse("a"), null, null, null).tag()).isEqualTo(Tag.LATEST);
        assertThat(new PushSpec(new ImageReference("localhost:5000", RepositoryName.parse("a/b"), null, null)).allTags())
                .isTrue();
        assertThat(JobKind.PULL.topic()).isEqualTo(Topics.SYNC_JOBS);
        assertThat(JobKind.BUILD.topic()).isEqualTo("slipway.jobs.build");
    }

    @Test
    void requestKindMustMatchPayload() {
        assertThatThrownBy(() -> new JobRequest(JOB, JobKind.PUSH, 1, "alice",
                new PullSpec(ImageReference.parse("ubuntu"), false)))
                .hasMessage("job request kind PUSH does not match its PULL payload");
    }

    @Test
    void controlRoundTrips() {
        JobControl cancel = new JobControl(JOB, JobControl.Action.CANCEL, AT);
        assertThat(JobJson.read(JobJson.write(cancel), JobControl.class)).isEqualTo(cancel);
        assertThat(JobJson.writeString(cancel))
                .isEqualTo("{\"jobId\":\"" + JOB + "\",\"action\":\"CANCEL\",\"at\":\"2026-11-28T08:00:00.123456789Z\"}");
        JobControl superseded = JobControl.superseded(JOB, 1, AT);
        assertThat(JobJson.read(JobJson.write(superseded), JobControl.class)).isEqualTo(superseded);
        assertThat(JobJson.writeString(superseded)).endsWith(",\"action\":\"SUPERSEDED\",\"at\":\"2026-11-28T08:00:00.123456789Z\",\"attempt\":1}");
    }

    @Test
    void aSupersededRecordNamesItsAttempt() {
        assertThatThrownBy(() -> new JobControl(JOB, JobControl.Action.SUPERSEDED, AT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attempt");
        assertThatThrownBy(() -> JobControl.superseded(JOB, 0, AT)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownPropertiesFromNewerProducersAreIgnored() {
        String json = "{\"type\":\"heartbeat\",\"jobId\":\"" + JOB + "\",\"attempt\":1,\"sequence\":4,"
                + "\"timestamp\":\"2026-11-28T08:00:00Z\",\"worker\":\"w\",\"cpu\":0.5}";
        assertThat(JobJson.read(json, JobEvent.class)).isEqualTo(new Heartbeat(JOB, 1, 4, Instant.parse("2026-11-28T08:00:00Z"), "w"));
    }

    @Test
    void badInputGivesAPreciseErrorNotAStackTrace() {
        assertThatThrownBy(() -> JobJson.read("{\"type\":\"exploded\",\"jobId\":\"" + JOB + "\"}", JobEvent.class))
                .isInstanceOf(JobJsonException.class).hasMessageStartingWith("invalid JobEvent JSON: ")
                .hasMessageContaining("exploded");
        assertThatThrownBy(() -> JobJson.read("{\"type\":\"heartbeat\",\"attempt\":1,\"sequence\":0,"
                + "\"timestamp\":\"2026-11-28T08:00:00Z\",\"worker\":\"w\"}", JobEvent.class))
                .isInstanceOf(JobJsonException.class).hasMessage("invalid JobEvent JSON: job event jobId is missing");
        assertThatThrownBy(() -> JobJson.read("{\"type\":\"step-cached\",\"jobId\":\"" + JOB + "\",\"attempt\":1,"
                + "\"sequence\":0,\"timestamp\":\"2026-11-28T08:00:00Z\",\"step\":1,\"instruction\":\"RUN x\","
                + "\"layer\":\"sha256:abc\"}", JobEvent.class))
                .isInstanceOf(JobJsonException.class)
                .hasMessageContaining("invalid digest \"sha256:abc\": sha256 digest must be 64 lowercase hex characters");
        assertThatThrownBy(() -> JobJson.read("{\"jobId\":\"" + JOB + "\",\"kind\":\"PULL\",\"attempt\":1,"
                + "\"owner\":\"a\",\"payload\":{\"kind\":\"PULL\",\"image\":\"Ubuntu\"}}", JobRequest.class))
                .isInstanceOf(JobJsonException.class)
                .hasMessageContaining("invalid reference \"Ubuntu\": repository name must be lowercase");
        assertThatThrownBy(() -> JobJson.read("not json".getBytes(), JobControl.class))
                .isInstanceOf(JobJsonException.class).hasMessageStartingWith("invalid JobControl JSON: ");
        assertThatThrownBy(() -> JobJson.read("{\"jobId\":\"1-2-3-4-5\",\"action\":\"CANCEL\",\"at\":\"2026-11-28T08:00:00Z\"}",
                JobControl.class)).hasMessageContaining("invalid job id \"1-2-3-4-5\": must be a UUID");
    }

    @Test
    void ociValueTypesSerialiseAsStringsAndDescriptorsAsSpecJson() {
        Descriptor d = Descriptor.of(MediaTypes.OCI_MANIFEST, LAYER, 42).withPlatform(Platform.parse("linux/arm64/v8"));
        String json = JobJson.writeString(d);
        assertThat(json).isEqualTo("{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\""
                + LAYER + "\",\"size\":42,\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"}}");
        assertThat(JobJson.read(json, Descriptor.class)).isEqualTo(d);
        assertThat(JobJson.writeString(ImageReference.parse("ubuntu"))).isEqualTo("\"docker.io/library/ubuntu:latest\"");
        assertThat(JobJson.read("\"ubuntu:14.04\"", ImageReference.class)).isEqualTo(ImageReference.parse("ubuntu:14.04"));
        Descriptor empty = Descriptor.of(MediaTypes.OCI_EMPTY, "{}".getBytes());
        assertThat(JobJson.writeString(empty)).contains("\"size\":2");
        Descriptor zero = Descriptor.of(MediaTypes.OCI_LAYER_TAR, new byte[0]);
        assertThat(JobJson.writeString(zero)).contains("\"size\":0").doesNotContain("annotations").doesNotContain("urls");
    }
}
