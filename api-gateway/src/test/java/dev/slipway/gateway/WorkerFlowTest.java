package dev.slipway.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.common.job.JobControl;
import dev.slipway.common.job.JobEvent;
import dev.slipway.common.job.JobFailed;
import dev.slipway.common.job.JobJson;
import dev.slipway.common.job.JobStarted;
import dev.slipway.common.job.JobSucceeded;
import dev.slipway.common.job.LogChunk;
import dev.slipway.common.job.StepCached;
import dev.slipway.common.job.StepFinished;
import dev.slipway.common.job.StepStarted;
import dev.slipway.common.job.Topics;
import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.ImageReference;
import dev.slipway.gateway.support.Api;
import dev.slipway.gateway.support.Eventually;
import dev.slipway.gateway.support.FakeWorker;
import dev.slipway.gateway.support.GatewayTestResource;
import dev.slipway.gateway.support.KafkaSupport;
import dev.slipway.gateway.support.SseClient;
import dev.slipway.gateway.support.Tars;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

/**
 * The gateway against a worker played over real Kafka: the SSE stream of a build, resuming with Last-Event-ID,
 * duplicate events, reassignment after lost heartbeats, and a hundred watchers of one job.
 */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class WorkerFlowTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Digest IMAGE = Digest.sha256("image".getBytes(StandardCharsets.UTF_8));
    private static final Digest LAYER = Digest.sha256("layer".getBytes(StandardCharsets.UTF_8));

    @TestHTTPResource("/api/v1/jobs/")
    URL jobs;

    private String eventsUrl(String id) {
        return jobs + id + "/events";
    }

    private static String submitBuild(String user) {
        byte[] context = Tars.of(Map.of("Dockerfile", "FROM busybox\nRUN echo hi\nCOPY a /a\n", "a", "a file\n"));
        return Api.as(user).contentType("application/x-tar").body(context)
                .post("/api/v1/builds?t=" + user + "/app:v1").then().statusCode(202).extract().path("id");
    }

    private static JsonNode data(SseClient.Event event) throws Exception {
        return JSON.readTree(event.data());
    }

    @Test
    void aBuildStreamsQueuedRunningEachStepAndSucceededThenResumesExactly() throws Exception {
        String user = "flow";
        String id = submitBuild(user);
        String token = Api.token(user);
        try (SseClient full = SseClient.open(eventsUrl(id), token, null, null);
                SseClient early = SseClient.open(eventsUrl(id), token, null, e -> e.seq() == 3)) {
            assertThat(full.status()).isEqualTo(200);
            Eventually.within(Duration.ofSeconds(10), () -> assertThat(full.events()).hasSize(1));
            try (FakeWorker worker = FakeWorker.take(Topics.BUILD_JOBS, id, 1)) {
                worker.emit((j, a, s, t) -> new JobStarted(j, a, s, t, "worker-1"));
                worker.emit((j, a, s, t) -> new StepStarted(j, a, s, t, 1, 3, "FROM busybox"));
                worker.emit((j, a, s, t) -> new StepCached(j, a, s, t, 2, "RUN echo hi", LAYER));
                worker.emit((j, a, s, t) -> new StepStarted(j, a, s, t, 3, 3, "COPY a /a"));
                JobEvent log = worker.emit((j, a, s, t) -> new LogChunk(j, a, s, t, LogChunk.Stream.STDOUT, "copied a\n", 3));
                worker.resend(log); // a producer retry: same (job, attempt, sequence)
                worker.emit((j, a, s, t) -> new StepFinished(j, a, s, t, 3, 12, LAYER));
                worker.emit((j, a, s, t) -> new JobSucceeded(j, a, s, t, Map.of(), IMAGE,
                        List.of(ImageReference.parse(user + "/app:v1"))));
            }
            full.awaitEnd(Duration.ofSeconds(30));
            List<SseClient.Event> events = full.events();
            assertThat(events).extracting(SseClient.Event::name).containsExactly("job-queued", "job-started",
                    "step-started", "step-cached", "step-started", "log", "step-finished", "job-succeeded");
            assertThat(events).extracting(SseClient.Event::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
            assertThat(data(events.get(0)).path("state").asText()).isEqualTo("QUEUED");
            assertThat(data(events.get(1)).path("state").asText()).isEqualTo("RUNNING");
            JsonNode last = data(events.get(7));
            assertThat(last.path("state").asText()).isEqualTo("SUCCEEDED");
            assertThat(last.path("imageDigest").asText()).isEqualTo(IMAGE.toString());
            assertThat(last.path("seq").asLong()).isEqualTo(8);

            early.awaitEnd(Duration.ofSeconds(10));
            assertThat(early.events()).extracting(SseClient.Event::seq).containsExactly(1L, 2L, 3L);
            try (SseClient resumed = SseClient.open(eventsUrl(id), token, "3", null)) {
                resumed.awaitEnd(Duration.ofSeconds(20));
                assertThat(resumed.events()).extracting(SseClient.Event::seq).containsExactly(4L, 5L, 6L, 7L, 8L);
            }
            try (SseClient atEnd = SseClient.open(eventsUrl(id), token, "8", null)) {
                atEnd.awaitEnd(Duration.ofSeconds(20));
                assertThat(atEnd.events()).isEmpty();
            }
        }
        Api.as(user).get("/api/v1/jobs/" + id).then().statusCode(200)
                .body("state", equalTo("SUCCEEDED"))
                .body("result.imageDigest", equalTo(IMAGE.toString()))
                .body("result.tags[0]", equalTo("docker.io/" + user + "/app:v1"));
        assertThat(Api.as(user).get("/api/v1/jobs/" + id + "/logs").then().statusCode(200)
                .contentType(ContentType.TEXT).extract().asString()).isEqualTo("copied a\n");
        Api.as(user).header("Last-Event-ID", "three").get("/api/v1/jobs/" + id + "/events").then().statusCode(400)
                .body("code", equalTo("invalid-request"));
    }

    @Test
    void aSilentWorkersJobIsPublishedAgainAsTheNextAttemptAndStaleEventsChangeNothing() throws Exception {
        String user = "flow";
        String id = Api.as(user).contentType(ContentType.JSON).body(Map.of("image", "busybox", "cmd", List.of("true")))
                .post("/api/v1/runs").then().statusCode(202).extract().path("id");
        try (FakeWorker first = FakeWorker.take(Topics.BUILD_JOBS, id, 1)) {
            first.emit((j, a, s, t) -> new JobStarted(j, a, s, t, "worker-1"));
            Eventually.within(Duration.ofSeconds(10), () -> Api.as(user).get("/api/v1/jobs/" + id)
                    .then().body("state", equalTo("RUNNING")));
            // worker-1 now falls silent: after the heartbeat timeout (3 s in tests) attempt 2 is published, and the
            // workers are told that attempt 1 is superseded
            try (KafkaConsumer<String, byte[]> control = KafkaSupport.consumer(Topics.JOB_CONTROL);
                    FakeWorker second = FakeWorker.take(Topics.BUILD_JOBS, id, 2)) {
                Api.as(user).get("/api/v1/jobs/" + id).then().body("attempt", equalTo(2));
                List<ConsumerRecord<String, byte[]>> records =
                        KafkaSupport.records(control, id, 1, Duration.ofSeconds(20), Duration.ofSeconds(1));
                assertThat(records).hasSize(1);
                JobControl superseded = JobJson.read(records.get(0).value(), JobControl.class);
                assertThat(superseded.action()).isEqualTo(JobControl.Action.SUPERSEDED);
                assertThat(superseded.jobId().toString()).isEqualTo(id);
                assertThat(superseded.attempt()).isEqualTo(1);
                second.emit((j, a, s, t) -> new JobStarted(j, a, s, t, "worker-2"));
                // worker-1 comes back and reports a failure of its superseded attempt: logged, no state change
                first.emit((j, a, s, t) -> new JobFailed(j, a, s, t, "lost the race", null, null, 1));
                second.emit((j, a, s, t) -> new JobSucceeded(j, a, s, t, Map.of("container", "abc"), null, List.of()));
            }
        }
        Eventually.within(Duration.ofSeconds(10), () -> Api.as(user).get("/api/v1/jobs/" + id)
                .then().body("state", equalTo("SUCCEEDED")).body("attempt", equalTo(2))
                .body("result.result.container", equalTo("abc")));
        try (SseClient replay = SseClient.open(eventsUrl(id), Api.token(user), null, null)) {
            replay.awaitEnd(Duration.ofSeconds(20));
            List<String> types = replay.events().stream().map(SseClient.Event::name).toList();
            assertThat(types).containsExactly("job-queued", "job-started", "job-requeued", "job-started",
                    "job-failed", "job-succeeded");
            assertThat(data(replay.events().get(4)).path("attempt").asInt()).isEqualTo(1);
            assertThat(data(replay.events().get(4)).has("state")).isFalse();
        }
    }

    @Test
    void whenEveryAttemptGoesSilentTheJobFails() throws Exception {
        String user = "flow";
        String id = Api.as(user).contentType(ContentType.JSON).body(Map.of("image", "busybox"))
                .post("/api/v1/runs").then().statusCode(202).extract().path("id");
        for (int attempt = 1; attempt <= 2; attempt++) {
            try (FakeWorker worker = FakeWorker.take(Topics.BUILD_JOBS, id, attempt)) {
                worker.emit((j, a, s, t) -> new JobStarted(j, a, s, t, "worker"));
            }
        }
        Eventually.within(Duration.ofSeconds(15), () -> Api.as(user).get("/api/v1/jobs/" + id)
                .then().body("state", equalTo("FAILED")).body("error.reason", equalTo("worker-lost")));
    }

    @Test
    void aHundredWatchersAllReceiveEveryEventFromOneConsumption() throws Exception {
        String user = "flow";
        String token = Api.token(user);
        String id = Api.as(user).contentType(ContentType.JSON).body(Map.of("image", "busybox"))
                .post("/api/v1/pulls").then().statusCode(202).extract().path("id");
        List<SseClient> watchers = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                watchers.add(SseClient.open(eventsUrl(id), token, null, null));
            }
            Eventually.within(Duration.ofSeconds(30), () -> watchers.forEach(w -> assertThat(w.events()).hasSize(1)));
            String metrics = RestAssured.get("/q/metrics").asString();
            assertThat(metrics).containsPattern("slipway_sse_subscribers\\S* (1\\d\\d|[2-9]\\d\\d)\\.0");
            int steps = 20;
            try (FakeWorker worker = FakeWorker.take(Topics.SYNC_JOBS, id, 1)) {
                worker.emit((j, a, s, t) -> new JobStarted(j, a, s, t, "sync-1"));
                for (int i = 1; i <= steps; i++) {
                    String line = "layer " + i + "\n";
                    worker.emit((j, a, s, t) -> new LogChunk(j, a, s, t, LogChunk.Stream.STDOUT, line, null));
                }
                worker.emit((j, a, s, t) -> new JobSucceeded(j, a, s, t, Map.of(), IMAGE, List.of()));
            }
            long total = steps + 3;
            List<Long> expected = LongStream.rangeClosed(1, total).boxed().toList();
            for (SseClient watcher : watchers) {
                watcher.awaitEnd(Duration.ofSeconds(30));
                assertThat(watcher.events()).extracting(SseClient.Event::seq).containsExactlyElementsOf(expected);
            }
        } finally {
            for (SseClient watcher : watchers) {
                watcher.close();
            }
        }
        // one consumption: the gateway's group has a single member, whatever the number of watchers
        try (Admin admin = KafkaSupport.admin()) {
            assertThat(KafkaSupport.memberCount(admin, "slipway-gateway")).isEqualTo(1);
        }
    }
}
