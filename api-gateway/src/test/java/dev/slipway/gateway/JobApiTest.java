package dev.slipway.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

import dev.slipway.common.job.JobControl;
import dev.slipway.common.job.JobJson;
import dev.slipway.common.job.JobKind;
import dev.slipway.common.job.JobRequest;
import dev.slipway.common.job.PullSpec;
import dev.slipway.common.job.PushSpec;
import dev.slipway.common.job.RunSpec;
import dev.slipway.common.job.CommitSpec;
import dev.slipway.common.job.Topics;
import dev.slipway.gateway.support.Api;
import dev.slipway.gateway.support.Eventually;
import dev.slipway.gateway.support.GatewayTestResource;
import dev.slipway.gateway.support.KafkaSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

/** Submitting, reading, listing and cancelling jobs; what reaches Kafka; the tenant rules on jobs. */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class JobApiTest {

    private static String submit(String user, String path, Object body) {
        return Api.as(user).contentType(ContentType.JSON).body(body).post("/api/v1/" + path)
                .then().statusCode(202)
                .body("state", equalTo("QUEUED"))
                .body("links.events", containsString("/events"))
                .extract().path("id");
    }

    @Test
    void pullIsAcceptedQueuedAndPublishedExactlyOnceOnTheSyncTopic() {
        try (KafkaConsumer<String, byte[]> consumer = KafkaSupport.consumer(Topics.SYNC_JOBS)) {
            String id = Api.as("alice").contentType(ContentType.JSON).body(Map.of("image", "centos"))
                    .post("/api/v1/pulls").then().statusCode(202)
                    .header("Location", containsString("/api/v1/jobs/"))
                    .body("kind", equalTo("PULL")).body("owner", equalTo("alice")).body("attempt", equalTo(1))
                    .body("links.self", equalTo("/api/v1/jobs/" + Api.as("alice").get("/api/v1/jobs").path("items[0].id")))
                    .extract().path("id");
            List<ConsumerRecord<String, byte[]>> records =
                    KafkaSupport.records(consumer, id, 1, Duration.ofSeconds(20), Duration.ofSeconds(2));
            assertThat(records).hasSize(1);
            JobRequest request = JobJson.read(records.get(0).value(), JobRequest.class);
            assertThat(request.kind()).isEqualTo(JobKind.PULL);
            assertThat(request.owner()).isEqualTo("alice");
            assertThat(request.attempt()).isEqualTo(1);
            assertThat(((PullSpec) request.payload()).image().toString()).isEqualTo("docker.io/library/centos:latest");
        }
    }

    @Test
    void pushRunAndCommitGoToTheirTopicsWithTheirSpecs() {
        String push = submit("ouruser", "pushes", Map.of("image", "ouruser/sinatra", "tag", "v2"));
        String pushAll = submit("ouruser", "pushes", Map.of("image", "ouruser/sinatra"));
        String run = submit("ouruser", "runs", Map.of("image", "ubuntu:14.04", "cmd", List.of("echo", "hi")));
        String commit = submit("ouruser", "commits", Map.of("container", "c0ffee", "repository", "ouruser/sinatra",
                "tag", "v2", "message", "Added json gem", "author", "Kate Smith"));
        PushSpec pushSpec = (PushSpec) single(Topics.SYNC_JOBS, push).payload();
        assertThat(pushSpec.image().familiar()).isEqualTo("ouruser/sinatra:v2");
        assertThat(((PushSpec) single(Topics.SYNC_JOBS, pushAll).payload()).allTags()).isTrue();
        RunSpec runSpec = (RunSpec) single(Topics.BUILD_JOBS, run).payload();
        assertThat(runSpec.image().familiar()).isEqualTo("ubuntu:14.04");
        assertThat(runSpec.cmd()).containsExactly("echo", "hi");
        CommitSpec commitSpec = (CommitSpec) single(Topics.BUILD_JOBS, commit).payload();
        assertThat(commitSpec.repository().value()).isEqualTo("ouruser/sinatra");
        assertThat(commitSpec.message()).isEqualTo("Added json gem");
        assertThat(commitSpec.author()).isEqualTo("Kate Smith");
    }

    /** @return the one request published for the job (a fresh consumer group reads the topic from the start) */
    private static JobRequest single(String topic, String id) {
        try (KafkaConsumer<String, byte[]> consumer = KafkaSupport.consumer(topic)) {
            List<ConsumerRecord<String, byte[]>> records =
                    KafkaSupport.records(consumer, id, 1, Duration.ofSeconds(20), Duration.ofMillis(500));
            assertThat(records).hasSize(1);
            return JobJson.read(records.get(0).value(), JobRequest.class);
        }
    }

    @Test
    void invalidReferencesAreRefusedNamingTheRule() {
        Api.as("alice").contentType(ContentType.JSON).body(Map.of("image", "Ubuntu")).post("/api/v1/pulls")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("invalid-reference"))
                .body("detail", containsString("lowercase"));
        Api.as("alice").contentType(ContentType.JSON).body(Map.of("image", "ubuntu:" + "x".repeat(129)))
                .post("/api/v1/pulls").then().statusCode(400)
                .body("code", equalTo("invalid-reference")).body("detail", containsString("128"));
        Api.as("alice").contentType(ContentType.JSON).body(Map.of("image", "ubuntu@sha256:abc"))
                .post("/api/v1/runs").then().statusCode(400).body("code", equalTo("invalid-reference"))
                .body("detail", containsString("64"));
        Api.as("alice").contentType(ContentType.JSON).body(Map.of()).post("/api/v1/pulls")
                .then().statusCode(400).body("code", equalTo("invalid-request")).body("detail", containsString("image"));
        Api.as("alice").contentType(ContentType.JSON).body("{not json").post("/api/v1/pulls")
                .then().statusCode(400).body("code", equalTo("invalid-request"));
    }

    @Test
    void unknownJobsAre404() {
        Api.as("alice").get("/api/v1/jobs/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("job-not-found"));
        Api.as("alice").get("/api/v1/jobs/not-a-uuid").then().statusCode(404).body("code", equalTo("job-not-found"));
        Api.as("alice").delete("/api/v1/jobs/" + UUID.randomUUID()).then().statusCode(404);
        Api.as("alice").get("/api/v1/jobs/" + UUID.randomUUID() + "/logs").then().statusCode(404);
        Api.as("alice").get("/api/v1/jobs/" + UUID.randomUUID() + "/events").then().statusCode(404)
                .body("code", equalTo("job-not-found"));
    }

    @Test
    void aUserSeesOnlyItsOwnJobsAndWritesOnlyItsOwnNamespace() {
        String mine = submit("ouruser", "pulls", Map.of("image", "training/sinatra"));
        Api.as("bob").get("/api/v1/jobs/" + mine).then().statusCode(403).body("code", equalTo("forbidden"));
        Api.as("bob").get("/api/v1/jobs/" + mine + "/events").then().statusCode(403);
        Api.as("bob").get("/api/v1/jobs/" + mine + "/logs").then().statusCode(403);
        Api.as("bob").delete("/api/v1/jobs/" + mine).then().statusCode(403);
        Api.as("bob").get("/api/v1/jobs").then().statusCode(200).body("items.owner", everyItem(equalTo("bob")))
                .body("items.id", not(hasItem(mine)));
        Api.as("bob").get("/api/v1/jobs?owner=ouruser").then().statusCode(403);
        Api.as("bob").contentType(ContentType.JSON).body(Map.of("image", "ouruser/sinatra", "tag", "v2"))
                .post("/api/v1/pushes").then().statusCode(403).body("code", equalTo("forbidden"))
                .body("detail", containsString("bob/*"));
        Api.as("bob").contentType(ContentType.JSON).body(Map.of("container", "c", "repository", "ouruser/sinatra"))
                .post("/api/v1/commits").then().statusCode(403);
        Api.as("bob").contentType(ContentType.JSON).body(Map.of("container", "c", "repository", "library/ubuntu"))
                .post("/api/v1/commits").then().statusCode(403).body("detail", containsString("system-owned"));
        // another user's private namespace cannot be pulled or run either
        Api.as("bob").contentType(ContentType.JSON).body(Map.of("image", "ouruser/sinatra")).post("/api/v1/runs")
                .then().statusCode(403);
        // the admin sees and may act on everyone's jobs
        Api.as("admin").get("/api/v1/jobs/" + mine).then().statusCode(200).body("owner", equalTo("ouruser"));
        Api.as("admin").get("/api/v1/jobs?owner=ouruser").then().statusCode(200).body("items.id", hasItem(mine));
    }

    @Test
    void listingFiltersAndPaginates() {
        for (int i = 0; i < 3; i++) {
            submit("paula", "pulls", Map.of("image", "busybox:1." + i));
        }
        submit("paula", "runs", Map.of("image", "busybox", "cmd", List.of("true")));
        Api.as("paula").get("/api/v1/jobs?kind=pull&size=2").then().statusCode(200)
                .body("items", hasSize(2)).body("total", equalTo(3)).body("size", equalTo(2))
                .body("items.kind", everyItem(equalTo("PULL")));
        Api.as("paula").get("/api/v1/jobs?kind=pull&size=2&page=1").then().statusCode(200).body("items", hasSize(1));
        Api.as("paula").get("/api/v1/jobs?kind=run&state=queued").then().statusCode(200).body("total", equalTo(1));
        Api.as("paula").get("/api/v1/jobs?state=bogus").then().statusCode(400).body("code", equalTo("invalid-request"))
                .body("detail", containsString("QUEUED"));
        Api.as("paula").get("/api/v1/jobs?size=100000").then().statusCode(400);
    }

    @Test
    void cancelEndsTheJobAndTellsTheWorkers() {
        try (KafkaConsumer<String, byte[]> control = KafkaSupport.consumer(Topics.JOB_CONTROL)) {
            String id = submit("alice", "runs", Map.of("image", "busybox", "cmd", List.of("sleep", "60")));
            Api.as("alice").delete("/api/v1/jobs/" + id).then().statusCode(200)
                    .body("state", equalTo("CANCELLED")).body("finishedAt", not(equalTo(null)));
            List<ConsumerRecord<String, byte[]>> records =
                    KafkaSupport.records(control, id, 1, Duration.ofSeconds(20), Duration.ofSeconds(1));
            assertThat(records).hasSize(1);
            JobControl record = JobJson.read(records.get(0).value(), JobControl.class);
            assertThat(record.action()).isEqualTo(JobControl.Action.CANCEL);
            assertThat(record.jobId().toString()).isEqualTo(id);
            Api.as("alice").delete("/api/v1/jobs/" + id).then().statusCode(409).body("code", equalTo("job-finished"));
            Api.as("alice").get("/api/v1/jobs/" + id).then().body("state", equalTo("CANCELLED"))
                    .body("error.reason", equalTo("cancelled"));
        }
    }

    @Test
    void aJobNobodyPicksUpExpiresAfterItsTtl() {
        String id = Api.as("alice").contentType(ContentType.JSON).body(Map.of("image", "busybox"))
                .post("/api/v1/pulls?ttl=1").then().statusCode(202).extract().path("id");
        Api.as("alice").get("/api/v1/jobs/" + id).then().body("state", equalTo("QUEUED"));
        Eventually.within(Duration.ofSeconds(15), () -> Api.as("alice").get("/api/v1/jobs/" + id)
                .then().body("state", equalTo("FAILED")).body("error.reason", equalTo("expired")));
        Api.as("alice").contentType(ContentType.JSON).body(Map.of("image", "busybox")).post("/api/v1/pulls?ttl=0")
                .then().statusCode(400).body("detail", containsString("ttl"));
    }
}
