package dev.slipway.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.slipway.common.job.BuildSpec;
import dev.slipway.common.job.JobJson;
import dev.slipway.common.job.JobRequest;
import dev.slipway.common.job.Topics;
import dev.slipway.common.oci.Digest;
import dev.slipway.gateway.support.Api;
import dev.slipway.gateway.support.GatewayTestResource;
import dev.slipway.gateway.support.KafkaSupport;
import dev.slipway.gateway.support.Tars;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** {@code POST /api/v1/builds}: the context lands in the registry once, the job carries the flags. */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class BuildApiTest {

    private static final String USER = "builder";

    private static byte[] context(String marker) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("Dockerfile", "FROM busybox\nARG VERSION\nRUN echo $VERSION > /v\n");
        files.put("marker", marker);
        return Tars.of(files);
    }

    /** The registry the gateway stores contexts in, asked directly (HEAD /v2/<name>/blobs/<digest>). */
    private static int blobStatus(Digest digest) {
        String registry = ConfigProvider.getConfig().getValue("gateway.layer-store-url", String.class);
        return given().baseUri(registry).port(-1).head("/v2/" + BuildSpec.CONTEXT_REPOSITORY + "/blobs/" + digest)
                .statusCode();
    }

    private static BuildSpec published(String id) {
        try (KafkaConsumer<String, byte[]> consumer = KafkaSupport.consumer(Topics.BUILD_JOBS)) {
            List<ConsumerRecord<String, byte[]>> records =
                    KafkaSupport.records(consumer, id, 1, Duration.ofSeconds(20), Duration.ofMillis(500));
            assertThat(records).hasSize(1);
            return (BuildSpec) JobJson.read(records.get(0).value(), JobRequest.class).payload();
        }
    }

    @Test
    void aTarContextIsStoredInTheRegistryAndTheJobCarriesEveryFlag() {
        byte[] tar = context("plain " + System.nanoTime());
        Digest digest = Digest.sha256(tar);
        assertThat(blobStatus(digest)).isEqualTo(404);
        String id = Api.as(USER).contentType("application/x-tar").body(tar)
                .queryParam("t", USER + "/app:v1").queryParam("t", USER + "/app:latest")
                .queryParam("buildargs", "{\"VERSION\":\"1.2\"}").queryParam("target", "final")
                .queryParam("dockerfile", "docker/Dockerfile").queryParam("nocache", "true")
                .queryParam("sourcedateepoch", "1700000000").queryParam("labels", "{\"team\":\"a\"}")
                .post("/api/v1/builds").then().statusCode(202)
                .body("kind", equalTo("BUILD")).body("state", equalTo("QUEUED"))
                .extract().path("id");
        assertThat(blobStatus(digest)).isEqualTo(200);
        BuildSpec spec = published(id);
        assertThat(spec.context()).isEqualTo(digest);
        assertThat(spec.contextSize()).isEqualTo(tar.length);
        assertThat(spec.tags()).extracting(Object::toString)
                .containsExactly("docker.io/builder/app:v1", "docker.io/builder/app:latest");
        assertThat(spec.buildArgs()).isEqualTo(Map.of("VERSION", "1.2"));
        assertThat(spec.target()).isEqualTo("final");
        assertThat(spec.dockerfile()).isEqualTo("docker/Dockerfile");
        assertThat(spec.noCache()).isTrue();
        assertThat(spec.sourceDateEpoch()).isEqualTo(1_700_000_000L);
        assertThat(spec.labels()).isEqualTo(Map.of("team", "a"));
    }

    @Test
    void aGzipContextIsAcceptedAndIdenticalContextsShareOneBlob() {
        byte[] gz = Tars.gzip(context("gzip " + System.nanoTime()));
        String first = Api.as(USER).contentType("application/gzip").body(gz).post("/api/v1/builds?t=builder/gz")
                .then().statusCode(202).extract().path("id");
        String second = Api.as(USER).contentType("application/gzip").body(gz).post("/api/v1/builds?t=builder/gz")
                .then().statusCode(202).extract().path("id");
        assertThat(first).isNotEqualTo(second);
        assertThat(published(first).context()).isEqualTo(Digest.sha256(gz)).isEqualTo(published(second).context());
        assertThat(blobStatus(Digest.sha256(gz))).isEqualTo(200);
    }

    @Test
    void aBodyThatIsNotATarIsRefused() {
        byte[] text = "FROM busybox\n".repeat(100).getBytes(StandardCharsets.UTF_8);
        Api.as(USER).contentType("application/x-tar").body(text).post("/api/v1/builds?t=builder/x").then()
                .statusCode(400).contentType("application/problem+json").body("code", equalTo("not-a-tar"));
        byte[] fakeGzip = new byte[600];
        fakeGzip[0] = 0x1f;
        fakeGzip[1] = (byte) 0x8b;
        Api.as(USER).contentType("application/gzip").body(fakeGzip).post("/api/v1/builds").then()
                .statusCode(400).body("code", equalTo("not-a-tar"));
        Api.as(USER).contentType("application/x-tar").body(new byte[0]).post("/api/v1/builds").then()
                .statusCode(400).body("code", equalTo("not-a-tar"));
        assertThat(blobStatus(Digest.sha256(text))).isEqualTo(404);
    }

    @Test
    void aContextOverTheLimitIs413AndNothingIsStored() {
        byte[] big = new byte[1_300_000]; // the test limit is 1 MiB
        new Random(7).nextBytes(big);
        byte[] tar = Tars.of(Map.of("big", new String(big, StandardCharsets.ISO_8859_1)));
        Api.as(USER).contentType("application/x-tar").body(tar).post("/api/v1/builds?t=builder/big").then()
                .statusCode(413).contentType("application/problem+json").body("code", equalTo("context-too-large"))
                .body("detail", containsString("1048576"));
        assertThat(blobStatus(Digest.sha256(tar))).isEqualTo(404);
        // without a Content-Length (chunked) the cap is enforced while streaming
        Api.as(USER).contentType("application/x-tar").body(new java.io.ByteArrayInputStream(tar))
                .post("/api/v1/builds?t=builder/big").then()
                .statusCode(413).body("code", equalTo("context-too-large"));
        Api.as(USER).get("/api/v1/jobs?kind=build").then().body("items.spec.tags.flatten()",
                org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("docker.io/builder/big:latest")));
    }

    @Test
    void badFlagsAreRefusedBeforeTheContextIsRead() {
        byte[] tar = context("flags " + System.nanoTime());
        Api.as(USER).contentType("application/x-tar").body(tar).post("/api/v1/builds?t=Builder/App").then()
                .statusCode(400).body("code", equalTo("invalid-reference")).body("detail", containsString("lowercase"));
        Api.as(USER).contentType("application/x-tar").body(tar).post("/api/v1/builds?t=otheruser/app").then()
                .statusCode(403).body("code", equalTo("forbidden"));
        Api.as(USER).contentType("application/x-tar").body(tar).post("/api/v1/builds?t=myimage").then()
                .statusCode(403).body("detail", containsString("builder/*"));
        Api.as(USER).contentType("application/x-tar").body(tar).queryParam("buildargs", "[1,2]")
                .post("/api/v1/builds").then().statusCode(400).body("detail", containsString("buildargs"));
        Api.as(USER).contentType("application/x-tar").body(tar).post("/api/v1/builds?dockerfile=../../etc/passwd")
                .then().statusCode(400).body("detail", containsString("inside the context"));
        Api.as(USER).contentType("application/x-tar").body(tar).post("/api/v1/builds?sourcedateepoch=yesterday")
                .then().statusCode(400).body("detail", containsString("SOURCE_DATE_EPOCH"));
        assertThat(blobStatus(Digest.sha256(tar))).isEqualTo(404);
        given().contentType("application/x-tar").body(tar).post("/api/v1/builds").then().statusCode(401);
    }
}
