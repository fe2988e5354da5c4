package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.e2e.client.Api;
import dev.slipway.e2e.client.ContextTar;
import dev.slipway.e2e.client.EventStream;
import dev.slipway.e2e.client.PublishedJobs;
import dev.slipway.e2e.client.SseEvent;
import dev.slipway.e2e.farm.Farm;
import dev.slipway.e2e.farm.FarmOptions;
import dev.slipway.e2e.hub.HubImages;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 5: {@code kill -9} of the gateway while a build runs and right after a submission was acknowledged loses no job
 * and no event. After the restart every acknowledged job is published exactly once (read back from the broker), runs
 * once (one RUNNING transition in its history) and succeeds, and its SSE replay is complete.
 */
class GatewayCrashTest {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(4);

    private static Farm farm;
    private static Api ouruser;

    @BeforeAll
    static void startFarm() {
        farm = Farm.start("GatewayCrashTest", FarmOptions.defaults());
        HubImages.seed(farm.hubAddress(), farm.scratchDir("hub-images"));
        ouruser = new Api(farm::gatewayUrl, new Api(farm::gatewayUrl, farm.adminToken()).createUser("ouruser"));
    }

    @AfterAll
    static void stopFarm() {
        if (farm != null) {
            farm.close();
        }
    }

    @Test
    void acknowledgedJobsSurviveAGatewayKilledMidFlight() {
        List<String> acknowledged = new ArrayList<>();
        String slow = ouruser.submitBuild(build("FROM ubuntu:14.04\nRUN sleep 10 && echo slow > /slow.txt\n"),
                "ouruser/crash:slow");
        acknowledged.add(slow);
        awaitState(slow, "RUNNING");

        for (int i = 1; i <= 4; i++) {
            acknowledged.add(ouruser.submitBuild(build("FROM ubuntu:14.04\nRUN echo " + i + " > /n.txt\n"),
                    "ouruser/crash:" + i));
        }
        acknowledged.add(ouruser.postJson("/api/v1/pulls", Api.object().put("image", "ubuntu:12.04"))
                .expect(202).json().path("id").asText());
        acknowledged.add(ouruser.postJson("/api/v1/pulls", Api.object().put("image", "centos"))
                .expect(202).json().path("id").asText());
        // Right after the last 202: the outbox relay may not have published it yet; the slow build is running.
        Instant killedAt = Instant.now();
        farm.gateway().killHard();

        farm.gateway().restart();

        for (String job : acknowledged) {
            JsonNode done = ouruser.awaitTerminal(job, JOB_TIMEOUT);
            assertThat(done.path("state").asText()).as("%s", done).isEqualTo("SUCCEEDED");
        }
        Map<String, List<Integer>> published = PublishedJobs.read(farm.kafkaBootstrapServers());
        for (String job : acknowledged) {
            assertThat(published.get(job)).as("records of job %s on %s", job, PublishedJobs.TOPICS)
                    .containsExactly(1);
            JobAssertions.ranOnceAndSucceeded(job, new EventStream(ouruser).readAll(job, Duration.ofMinutes(1)));
        }
        // The slow build was indeed running through the crash: it finished after the kill.
        List<SseEvent> slowHistory = new EventStream(ouruser).readAll(slow, Duration.ofMinutes(1));
        assertThat(Instant.parse(slowHistory.get(slowHistory.size() - 1).json().path("timestamp").asText()))
                .isAfter(killedAt);
        assertThat(ouruser.images("ouruser/crash")).extracting(row -> row.path("tag").asText())
                .containsExactlyInAnyOrder("slow", "1", "2", "3", "4");
    }

    private static byte[] build(String dockerfile) {
        return ContextTar.of(Map.of("Dockerfile", dockerfile));
    }

    private static void awaitState(String job, String state) {
        Instant deadline = Instant.now().plus(JOB_TIMEOUT);
        while (!ouruser.job(job).path("state").asText().equals(state)) {
            assertThat(Instant.now()).as("job %s never became %s", job, state).isBefore(deadline);
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
