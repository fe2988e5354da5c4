package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.e2e.client.Api;
import dev.slipway.e2e.client.ApiResponse;
import dev.slipway.e2e.client.ContextTar;
import dev.slipway.e2e.client.EventStream;
import dev.slipway.e2e.client.SseEvent;
import dev.slipway.e2e.farm.Farm;
import dev.slipway.e2e.farm.FarmOptions;
import dev.slipway.e2e.hub.HubImages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 5 end to end, with the build-worker and layer-store running: a build submitted over HTTP shows on its SSE
 * stream QUEUED → RUNNING → each step → SUCCEEDED with the image digest; a client that disconnects after event 3 and
 * reconnects with {@code Last-Event-ID: 3} receives events 4… exactly once; an identical second build reports every
 * step cached; the image is listed; and a second user can neither see the jobs nor write into the first user's
 * namespace.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobStreamTest {

    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);
    private static final String DOCKERFILE = String.join("\n",
            "FROM ubuntu:14.04",
            "COPY hello.txt /hello.txt",
            "RUN cat /hello.txt > /copy.txt && cat /copy.txt",
            "RUN echo built > /built.txt",
            "");
    private static final List<String> INSTRUCTIONS = List.of("FROM ubuntu:14.04", "COPY hello.txt /hello.txt",
            "RUN cat /hello.txt > /copy.txt && cat /copy.txt", "RUN echo built > /built.txt");
    private static final Map<String, String> CONTEXT = Map.of("Dockerfile", DOCKERFILE, "hello.txt", "hello\n");

    private static Farm farm;
    private static Api ouruser;
    private static Api otheruser;
    private static String firstJob;
    private static String firstDigest;

    @BeforeAll
    static void startFarm() {
        farm = Farm.start("JobStreamTest", FarmOptions.defaults());
        HubImages.seed(farm.hubAddress(), farm.scratchDir("hub-images"));
        Api admin = new Api(farm::gatewayUrl, farm.adminToken());
        ouruser = new Api(farm::gatewayUrl, admin.createUser("ouruser"));
        otheruser = new Api(farm::gatewayUrl, admin.createUser("otheruser"));
    }

    @AfterAll
    static void stopFarm() {
        if (farm != null) {
            farm.close();
        }
    }

    @Test
    @Order(1)
    void buildStreamsEveryStateAndStepAndResumesAfterEventThree() {
        firstJob = ouruser.submitBuild(ContextTar.of(CONTEXT), "ouruser/app:1");
        EventStream sse = new EventStream(ouruser);

        List<SseEvent> firstThree = sse.read(firstJob, null, 3, BUILD_TIMEOUT);
        List<SseEvent> resumed = sse.read(firstJob, 3L, Integer.MAX_VALUE, BUILD_TIMEOUT);
        List<SseEvent> replay = sse.readAll(firstJob, Duration.ofMinutes(1));

        // The replay is the job's whole history, ids 1..N without a gap, ending with the terminal event.
        assertThat(replay).extracting(SseEvent::id)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, replay.size()).boxed().toList());
        assertThat(replay.get(0).name()).isEqualTo("job-queued");
        assertThat(replay.get(0).json().path("state").asText()).isEqualTo("QUEUED");
        assertThat(replay.get(1).name()).isEqualTo("job-started");
        assertThat(replay.get(1).json().path("state").asText()).isEqualTo("RUNNING");
        SseEvent last = replay.get(replay.size() - 1);
        assertThat(last.name()).as("%s", replay).isEqualTo("job-succeeded");
        assertThat(last.json().path("state").asText()).isEqualTo("SUCCEEDED");
        firstDigest = last.json().path("imageDigest").asText();
        assertThat(firstDigest).matches("sha256:[0-9a-f]{64}");
        assertThat(stepsStarted(replay)).containsExactlyElementsOf(INSTRUCTIONS);
        assertThat(names(replay, "step-finished")).hasSize(INSTRUCTIONS.size());
        assertThat(names(replay, "log")).extracting(e -> e.json().path("text").asText()).containsExactly("hello\n");

        // Disconnected after event 3, resumed with Last-Event-ID: 3: events 4… exactly once, nothing else.
        assertThat(firstThree).containsExactlyElementsOf(replay.subList(0, 3));
        assertThat(resumed).containsExactlyElementsOf(replay.subList(3, replay.size()));

        assertThat(ouruser.job(firstJob).path("state").asText()).isEqualTo("SUCCEEDED");
        List<JsonNode> images = ouruser.images("ouruser/app");
        assertThat(images).anySatisfy(row -> {
            assertThat(row.path("tag").asText()).isEqualTo("1");
            assertThat(row.path("digest").asText()).isEqualTo(firstDigest);
        });
    }

    @Test
    @Order(2)
    void identicalSecondBuildIsCachedStepByStep() {
        String job = ouruser.submitBuild(ContextTar.of(CONTEXT), "ouruser/app:2");

        List<SseEvent> events = new EventStream(ouruser).readAll(job, BUILD_TIMEOUT);

        SseEvent last = events.get(events.size() - 1);
        assertThat(last.name()).as("%s", events).isEqualTo("job-succeeded");
        assertThat(last.json().path("imageDigest").asText()).isEqualTo(firstDigest);
        // Every step after FROM was a cache hit: reported as such, and nothing ran (no container, no output).
        assertThat(names(events, "step-cached")).extracting(e -> e.json().path("step").asInt())
                .containsExactly(2, 3, 4);
        assertThat(names(events, "progress")).extracting(e -> e.json().path("status").asText())
                .doesNotContain("Running in");
        assertThat(names(events, "log")).isEmpty();
    }

    @Test
    @Order(3)
    void secondUserSeesNoneOfTheJobsAndCannotWriteTheNamespace() {
        JsonNode visible = otheruser.get("/api/v1/jobs").expect(200).json().path("items");
        List<String> ids = new ArrayList<>();
        visible.forEach(job -> ids.add(job.path("id").asText()));
        assertThat(ids).doesNotContain(firstJob);
        assertThat(ouruser.get("/api/v1/jobs").expect(200).json().path("items").toString()).contains(firstJob);

        // Refused (403 forbidden or 404 not found: either way nothing of the job comes back).
        for (ApiResponse refused : List.of(otheruser.get("/api/v1/jobs/" + firstJob),
                otheruser.get("/api/v1/jobs/" + firstJob + "/events", "text/event-stream"),
                otheruser.get("/api/v1/jobs/" + firstJob + "/logs", "text/plain"),
                otheruser.delete("/api/v1/jobs/" + firstJob))) {
            assertThat(refused.status()).as(refused.body()).isIn(403, 404);
            assertThat(refused.problemCode()).isIn("forbidden", "job-not-found");
        }
        assertThat(ouruser.job(firstJob).path("state").asText()).isEqualTo("SUCCEEDED");

        ApiResponse tag = otheruser.postJson("/api/v1/images/ouruser/app:1/tag",
                Api.object().put("target", "ouruser/app:stolen"));
        assertThat(tag.status()).as(tag.body()).isEqualTo(403);
        ApiResponse build = otheruser.postBytes("/api/v1/builds?t=ouruser/app:evil", "application/x-tar",
                ContextTar.of(CONTEXT));
        assertThat(build.status()).as(build.body()).isEqualTo(403);
        ApiResponse push = otheruser.postJson("/api/v1/pushes", Api.object().put("image", "ouruser/app"));
        assertThat(push.status()).as(push.body()).isEqualTo(403);
        ApiResponse commit = otheruser.postJson("/api/v1/commits", Api.object().put("container", "0123456789ab")
                .put("repository", "ouruser/app").put("tag", "evil"));
        assertThat(commit.status()).as(commit.body()).isEqualTo(403);
        ApiResponse rmi = otheruser.delete("/api/v1/images/ouruser/app:1?force=true");
        assertThat(rmi.status()).as(rmi.body()).isEqualTo(403);
        assertThat(rmi.problemCode()).isEqualTo("forbidden");

        // Nothing of the refused calls happened.
        assertThat(ouruser.images("ouruser/app")).extracting(row -> row.path("tag").asText())
                .containsExactlyInAnyOrder("1", "2");
        assertThat(ouruser.get("/api/v1/jobs").expect(200).json().path("total").asLong()).isEqualTo(2);
    }

    private static List<String> stepsStarted(List<SseEvent> events) {
        return names(events, "step-started").stream().map(e -> e.json().path("instruction").asText()).toList();
    }

    private static List<SseEvent> names(List<SseEvent> events, String name) {
        return events.stream().filter(e -> e.name().equals(name)).toList();
    }
}
