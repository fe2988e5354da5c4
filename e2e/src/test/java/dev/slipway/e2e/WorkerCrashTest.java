package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.e2e.client.Api;
import dev.slipway.e2e.client.ContextTar;
import dev.slipway.e2e.client.EventStream;
import dev.slipway.e2e.client.SseEvent;
import dev.slipway.e2e.farm.Farm;
import dev.slipway.e2e.farm.FarmOptions;
import dev.slipway.e2e.hub.HubImages;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 4: {@code kill -9} of one of two build-workers while a queue of builds runs. The builds it was running
 * are handed to the other worker as new attempts once its heartbeats stop, the ones waiting in its partitions go to
 * the other worker after the rebalance, and every build ends SUCCEEDED with its tag set.
 */
class WorkerCrashTest {

    private static final int BUILDS = 6;
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(5);
    /** A build started this recently is still in its 15 s RUN step. */
    private static final Duration FRESH = Duration.ofSeconds(8);

    private static Farm farm;
    private static Api ouruser;

    @BeforeAll
    static void startFarm() {
        // A shorter heartbeat timeout than the default 30 s only to keep the test short; workers beat every 5 s.
        farm = Farm.start("WorkerCrashTest", FarmOptions.defaults().withWorkers(2)
                .withGatewayEnvironment("GATEWAY_JOBS_HEARTBEAT_TIMEOUT", "15s"));
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
    void everyBuildSucceedsWhenAWorkerDiesHalfway() {
        List<String> jobs = new ArrayList<>();
        for (int i = 1; i <= BUILDS; i++) {
            // Long enough that the worker is surely still inside this step when the kill lands.
            String dockerfile = "FROM ubuntu:14.04\nRUN sleep 15 && echo " + i + " > /n.txt\nRUN cat /n.txt\n";
            jobs.add(ouruser.submitBuild(ContextTar.of(Map.of("Dockerfile", dockerfile)), "ouruser/queue:" + i));
        }

        // Which worker gets which build depends on the partitions the job ids hash to: kill the one seen building.
        Running victim = awaitFreshlyStarted(jobs);
        int dead = Integer.parseInt(victim.worker().substring("build-worker-".length()));
        String survivor = "build-worker-" + (3 - dead);
        farm.worker(dead).killHard();

        for (String job : jobs) {
            JsonNode done = ouruser.awaitTerminal(job, JOB_TIMEOUT);
            assertThat(done.path("state").asText()).as("%s", done).isEqualTo("SUCCEEDED");
        }
        // The build the dead worker was running was finished by the other one, as a new attempt.
        List<SseEvent> history = new EventStream(ouruser).readAll(victim.job(), Duration.ofMinutes(1));
        assertThat(history.stream().filter(e -> e.name().equals("job-started")).map(SseEvent::json))
                .as("%s", history)
                .anySatisfy(started -> {
                    assertThat(started.path("worker").asText()).isEqualTo(survivor);
                    assertThat(started.path("attempt").asInt()).isGreaterThan(1);
                });
        assertThat(ouruser.images("ouruser/queue")).extracting(row -> row.path("tag").asText())
                .containsExactlyInAnyOrder("1", "2", "3", "4", "5", "6");
    }

    /**
     * A build and the worker running it.
     *
     * @param job    the job id
     * @param worker the worker's name ({@code build-worker-<n>})
     */
    private record Running(String job, String worker) {
    }

    /**
     * @return a build that a worker started less than {@link #FRESH} ago (so it is surely inside its 15 s RUN step);
     *         with six builds and two slots per worker, others still wait in the queue then
     */
    private static Running awaitFreshlyStarted(List<String> jobs) {
        Instant deadline = Instant.now().plus(JOB_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            for (String job : jobs) {
                if (ouruser.job(job).path("state").asText().equals("RUNNING")) {
                    Optional<Running> fresh = freshStart(job);
                    if (fresh.isPresent()) {
                        return fresh.get();
                    }
                }
            }
            pause();
        }
        throw new AssertionError("no build of the queue started within " + JOB_TIMEOUT.toMinutes() + " min");
    }

    /** @return the job's first attempt with its worker, if it started less than {@link #FRESH} ago */
    private static Optional<Running> freshStart(String job) {
        List<SseEvent> events = new EventStream(ouruser).read(job, null, 2, Duration.ofSeconds(30));
        return events.stream().filter(e -> e.name().equals("job-started")).map(SseEvent::json)
                .filter(started -> Instant.parse(started.path("timestamp").asText()).isAfter(Instant.now().minus(FRESH)))
                .map(started -> new Running(job, started.path("worker").asText()))
                .findFirst();
    }

    private static void pause() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
