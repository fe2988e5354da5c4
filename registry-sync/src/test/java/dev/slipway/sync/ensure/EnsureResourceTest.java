package dev.slipway.sync.ensure;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.slipway.common.oci.Descriptor;
import dev.slipway.registry.testing.LocalRegistry;
import dev.slipway.registry.testing.Skopeo;
import dev.slipway.registry.testing.TestImage;
import dev.slipway.registry.testing.TestLayer;
import dev.slipway.sync.testing.SyncTestEnvironment;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Pull-through for workers: {@code POST /internal/v1/ensure}, against the real upstream and layer-store stand-ins. */
@QuarkusTest
class EnsureResourceTest {

    @TestHTTPResource("/internal/v1/ensure")
    URI ensure;

    private HttpResponse<String> post(HttpClient http, String image) throws Exception {
        return http.send(HttpRequest.newBuilder(ensure).timeout(Duration.ofSeconds(90))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"image\":\"" + image + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void tenConcurrentRequestsForOneImageFetchEachBlobOnce() throws Exception {
        TestImage image = TestImage.single(List.of(TestLayer.random(2_000_000, 301), TestLayer.random(2_000_000, 302),
                TestLayer.random(500_000, 303)));
        LocalRegistry upstream = SyncTestEnvironment.upstream();
        image.push(upstream, "library/nginx", "1.25", null, SyncTestEnvironment.work());

        HttpClient http = HttpClient.newHttpClient();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add(pool.submit(() -> post(http, "nginx:1.25")));
        }
        for (Future<HttpResponse<String>> call : calls) {
            HttpResponse<String> response = call.get();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).contains("\"digest\":\"" + image.top().digest() + "\"")
                    .contains("\"repository\":\"library/nginx\"");
        }
        pool.shutdown();
        for (Descriptor blob : image.top().references()) {
            assertThat(upstream.blobGets("library/nginx", blob.digest().toString())).as(blob.digest().toString())
                    .isEqualTo(1);
        }
        assertThat(Skopeo.digest(SyncTestEnvironment.store(), "library/nginx:1.25"))
                .isEqualTo(image.top().digest().toString());
    }

    @Test
    void retriesAfter429AndResumesADroppedBlobStoringItCorrectly() throws Exception {
        TestLayer layer = TestLayer.random(2_000_000, 311);
        TestImage image = TestImage.single(List.of(layer));
        image.push(SyncTestEnvironment.upstream(), "ouruser/flaky", "1", null, SyncTestEnvironment.work());
        SyncTestEnvironment.flaky().rateLimit(p -> p.equals("/v2/ouruser/flaky/manifests/1"), 1, 2);
        String blobPath = "/v2/ouruser/flaky/blobs/" + layer.digest();
        SyncTestEnvironment.flaky().dropAfter(blobPath::equals, 1, 700_000);

        Instant start = Instant.now();
        HttpResponse<String> response = post(HttpClient.newHttpClient(), "flaky.test/ouruser/flaky:1");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Duration.between(start, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(SyncTestEnvironment.flaky().seen()).filteredOn(s -> s.path().equals(blobPath)).hasSize(2);
        // the blob in the layer-store is byte for byte the upstream's, read back by skopeo
        Path out = SyncTestEnvironment.work().resolve("flaky-check");
        Skopeo.copyToLayout(SyncTestEnvironment.store(), "flaky.test/ouruser/flaky:1", out, "1");
        assertThat(Files.readAllBytes(out.resolve("blobs/sha256/" + layer.digest().hex()))).isEqualTo(layer.gzip());
    }

    @Test
    void aLongRetryAfterServesTheMirroredTagAsStale() throws Exception {
        TestImage image = TestImage.single(List.of(TestLayer.random(10_000, 321)));
        image.push(SyncTestEnvironment.upstream(), "ouruser/limited", "1", null, SyncTestEnvironment.work());
        HttpClient http = HttpClient.newHttpClient();
        assertThat(post(http, "flaky.test/ouruser/limited:1").body()).contains("\"outcome\":\"DOWNLOADED\"");

        SyncTestEnvironment.flaky().rateLimit(p -> p.startsWith("/v2/ouruser/limited/"), 1, 3600);
        Instant start = Instant.now();
        HttpResponse<String> response = post(http, "flaky.test/ouruser/limited:1");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"outcome\":\"STALE\"").contains("\"digest\":\"" + image.top().digest());
        // an hour-long Retry-After is not waited out
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void metricsCountBytesRetriesAndTheUpstreamRateLimit() throws Exception {
        TestImage image = TestImage.single(List.of(TestLayer.random(100_000, 331)));
        image.push(SyncTestEnvironment.upstream(), "ouruser/metered", "1", null, SyncTestEnvironment.work());
        SyncTestEnvironment.flaky().advertiseRateLimit(76);
        SyncTestEnvironment.flaky().rateLimit(p -> p.equals("/v2/ouruser/metered/manifests/1"), 1, 1);
        assertThat(post(HttpClient.newHttpClient(), "flaky.test/ouruser/metered:1").statusCode()).isEqualTo(200);

        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("slipway_sync_ratelimit_remaining\\{[^}]*registry=\"flaky.test\"[^}]*} 76");
        assertThat(metrics).containsPattern("slipway_sync_retries_total\\{[^}]*registry=\"flaky.test\"[^}]*} [1-9]");
        assertThat(metrics).containsPattern("slipway_sync_bytes_pulled_bytes_total\\{[^}]*registry=\"flaky.test\"[^}]*} [1-9]");
        given().when().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void unknownImagesAndBadReferencesAreClearProblems() {
        given().contentType("application/json").body("{\"image\":\"nosuch/thing:1\"}")
                .when().post("/internal/v1/ensure")
                .then().statusCode(404).contentType("application/problem+json")
                .body("code", equalTo("image-not-found"))
                .body("detail", containsString("not found upstream and not mirrored"));
        given().contentType("application/json").body("{\"image\":\"Bad Name!\"}")
                .when().post("/internal/v1/ensure")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("invalid-reference"));
        given().contentType("application/json").body("{}")
                .when().post("/internal/v1/ensure")
                .then().statusCode(400).body("code", equalTo("invalid-request"));
    }
}
