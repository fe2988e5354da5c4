package dev.slipway.sync.mirror;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.slipway.registry.testing.LocalRegistry;
import dev.slipway.registry.testing.Skopeo;
import dev.slipway.registry.testing.TestImage;
import dev.slipway.registry.testing.TestLayer;
import dev.slipway.sync.testing.SyncTestEnvironment;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Mirror rules through the API, run by the scheduler against the real upstream and layer-store stand-ins. */
@QuarkusTest
class MirrorRuleTest {

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    private static boolean stored(String reference) {
        try {
            Skopeo.digest(SyncTestEnvironment.store(), reference);
            return true;
        } catch (IllegalStateException notThere) {
            return false;
        }
    }

    private static String lastRun(String id) {
        return given().when().get("/api/v1/mirrors/" + id).then().statusCode(200).extract().path("lastRunAt");
    }

    @Test
    void mirrorsMatchingTagsAndFetchesOnlyWhatChanged() throws Exception {
        LocalRegistry upstream = SyncTestEnvironment.upstream();
        TestImage one = TestImage.single(List.of(TestLayer.random(10_000, 401)));
        TestImage oneOne = TestImage.single(List.of(TestLayer.random(10_000, 402)));
        TestImage two = TestImage.single(List.of(TestLayer.random(10_000, 403)));
        one.push(upstream, "library/mirrorme", "1.0", null, SyncTestEnvironment.work());
        oneOne.push(upstream, "library/mirrorme", "1.1", null, SyncTestEnvironment.work());
        two.push(upstream, "library/mirrorme", "2.0", null, SyncTestEnvironment.work());

        String id = given().contentType("application/json")
                .body("{\"repository\":\"mirrorme\",\"tagPattern\":\"1\\\\..*\",\"interval\":\"2s\"}")
                .when().post("/api/v1/mirrors")
                .then().statusCode(201).body("repository", equalTo("docker.io/library/mirrorme"))
                .body("interval", equalTo("PT2S")).extract().path("id");
        given().when().get("/api/v1/mirrors").then().statusCode(200).body("id", hasItem(id));

        await("1.0 and 1.1 mirrored", () -> stored("library/mirrorme:1.0") && stored("library/mirrorme:1.1"));
        assertThat(Skopeo.digest(SyncTestEnvironment.store(), "library/mirrorme:1.1"))
                .isEqualTo(oneOne.top().digest().toString());
        await("a finished run", () -> lastRun(id) != null);

        // unchanged tags: later runs HEAD them and GET nothing
        long gets = upstream.count("GET", 200, p -> p.startsWith("/v2/library/mirrorme/manifests/"));
        String runBefore = lastRun(id);
        await("another run", () -> !runBefore.equals(lastRun(id)));
        String runAfter = lastRun(id);
        await("yet another run", () -> !runAfter.equals(lastRun(id)));
        assertThat(upstream.count("GET", 200, p -> p.startsWith("/v2/library/mirrorme/manifests/"))).isEqualTo(gets);
        assertThat(upstream.count("HEAD", 200, p -> p.equals("/v2/library/mirrorme/manifests/1.0"))).isGreaterThan(1);

        // a changed tag is fetched on the next run
        TestImage newer = TestImage.single(List.of(TestLayer.random(10_000, 404)));
        newer.push(upstream, "library/mirrorme", "1.0", null, SyncTestEnvironment.work());
        await("1.0 updated", () -> newer.top().digest().toString()
                .equals(Skopeo.digest(SyncTestEnvironment.store(), "library/mirrorme:1.0")));
        assertThat(stored("library/mirrorme:2.0")).isFalse();

        given().when().delete("/api/v1/mirrors/" + id).then().statusCode(204);
        given().when().get("/api/v1/mirrors/" + id).then().statusCode(404).body("code", equalTo("mirror-not-found"));
    }

    @Test
    void invalidRulesAreRejectedWithStableCodes() {
        given().contentType("application/json").body("{\"repository\":\"centos:7\",\"interval\":\"1h\"}")
                .when().post("/api/v1/mirrors").then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("invalid-reference"));
        given().contentType("application/json").body("{\"repository\":\"centos\",\"tagPattern\":\"(\",\"interval\":\"1h\"}")
                .when().post("/api/v1/mirrors").then().statusCode(400).body("code", equalTo("invalid-tag-pattern"));
        given().contentType("application/json").body("{\"repository\":\"centos\",\"interval\":\"soon\"}")
                .when().post("/api/v1/mirrors").then().statusCode(400).body("code", equalTo("invalid-interval"));
        String body = "{\"repository\":\"quay.io/coreos/etcd\",\"tagPattern\":\"v3\\\\..*\",\"interval\":\"1d\"}";
        String id = given().contentType("application/json").body(body).when().post("/api/v1/mirrors")
                .then().statusCode(201).extract().path("id");
        given().contentType("application/json").body(body).when().post("/api/v1/mirrors")
                .then().statusCode(409).body("code", equalTo("mirror-exists"));
        given().when().delete("/api/v1/mirrors/" + id).then().statusCode(204);
    }
}
