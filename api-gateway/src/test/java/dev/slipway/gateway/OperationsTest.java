package dev.slipway.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.slipway.common.job.JobStarted;
import dev.slipway.common.job.Topics;
import dev.slipway.gateway.support.Api;
import dev.slipway.gateway.support.Eventually;
import dev.slipway.gateway.support.FakeWorker;
import dev.slipway.gateway.support.GatewayTestResource;
import dev.slipway.gateway.support.KafkaSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** Health, metrics, the event topic's configuration, and resilience to malformed events. */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class OperationsTest {

    @Test
    void readinessCoversKafkaAndTheDatabase() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Kafka")))
                .body("checks.name", hasItem(containsString("Database")));
    }

    @Test
    void metricsShowJobsByStateSubmitLatencyAndSubscribers() {
        Api.as("ops").contentType(ContentType.JSON).body(Map.of("image", "busybox")).post("/api/v1/pulls")
                .then().statusCode(202);
        Eventually.within(Duration.ofSeconds(20), () -> {
            String metrics = given().get("/q/metrics").asString();
            assertThat(metrics).containsPattern("slipway_jobs\\{[^}]*state=\"QUEUED\"[^}]*\\} [1-9]");
            assertThat(metrics).containsPattern("slipway_gateway_submit_seconds_count\\{[^}]*kind=\"pull\"[^}]*\\} [1-9]");
            assertThat(metrics).contains("slipway_sse_subscribers");
        });
    }

    @Test
    void submitLatencyCountsARefusedSubmissionUnderItsKindAndException() {
        double refusedBefore = submitCount("push", "ApiException");
        double acceptedBefore = submitCount("push", "none");
        // another user's namespace: refused (403) before anything is stored
        Api.as("ops").contentType(ContentType.JSON).body(Map.of("image", "someoneelse/app:1")).post("/api/v1/pushes")
                .then().statusCode(403);
        assertThat(submitCount("push", "ApiException")).isEqualTo(refusedBefore + 1);
        assertThat(submitCount("push", "none")).isEqualTo(acceptedBefore);
        Api.as("ops").contentType(ContentType.JSON).body(Map.of("image", "ops/app:1")).post("/api/v1/pushes")
                .then().statusCode(202);
        assertThat(submitCount("push", "none")).isEqualTo(acceptedBefore + 1);
    }

    /** @return the submit timer's count for a kind and exception tag, 0 if the series does not exist yet */
    private static double submitCount(String kind, String exception) {
        for (String line : given().get("/q/metrics").asString().split("\n")) {
            if (line.startsWith("slipway_gateway_submit_seconds_count{") && line.contains("kind=\"" + kind + "\"")
                    && line.contains("exception=\"" + exception + "\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    @Test
    void theConsumedTopicIsTheOneWorkersWriteTo() {
        assertThat(ConfigProvider.getConfig().getValue("gateway.job-events.topic", String.class))
                .isEqualTo(Topics.JOB_EVENTS);
    }

    @Test
    void aMalformedEventIsDroppedAndLaterEventsStillApply() throws Exception {
        String id = Api.as("ops").contentType(ContentType.JSON).body(Map.of("image", "busybox"))
                .post("/api/v1/runs").then().statusCode(202).extract().path("id");
        try (KafkaProducer<String, byte[]> producer = KafkaSupport.producer()) {
            producer.send(new ProducerRecord<>(Topics.JOB_EVENTS, id, "{\"type\":\"nonsense\"".getBytes(
                    StandardCharsets.UTF_8))).get();
        }
        try (FakeWorker worker = FakeWorker.take(Topics.BUILD_JOBS, id, 1)) {
            worker.emit((j, a, s, t) -> new JobStarted(j, a, s, t, "worker-1"));
        }
        Eventually.within(Duration.ofSeconds(20), () -> Api.as("ops").get("/api/v1/jobs/" + id).then()
                .body("state", equalTo("RUNNING")));
    }
}
