package dev.slipway.layerstore.http;

import static dev.slipway.layerstore.support.Blobs.imageManifest;
import static dev.slipway.layerstore.support.Blobs.push;
import static dev.slipway.layerstore.support.Blobs.pushManifest;
import static dev.slipway.layerstore.support.Blobs.random;
import static dev.slipway.layerstore.support.Blobs.repo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.slipway.common.oci.Digest;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The people-facing and worker-facing JSON API under /api/v1: images, stats, build cache, leases and its errors. */
@QuarkusTest
class ApiV1Test {

    private static final byte[] CONFIG = """
            {"architecture":"amd64","os":"linux","created":"2023-02-03T04:05:06Z",\
            "rootfs":{"type":"layers","diff_ids":[]}}""".getBytes(StandardCharsets.UTF_8);

    @Test
    void imagesListsOneRowPerTagWithIdCreatedAndSize() {
        String repository = repo("api/images");
        Digest config = push(repository, CONFIG);
        byte[] one = random(1_000);
        byte[] two = random(2_500);
        Digest digest = pushManifest(repository, "v1", "application/vnd.oci.image.manifest.v1+json",
                imageManifest(config, CONFIG.length, push(repository, one), one.length, push(repository, two),
                        two.length));
        pushManifest(repository, "latest", "application/vnd.oci.image.manifest.v1+json",
                imageManifest(config, CONFIG.length, push(repository, one), one.length, push(repository, two),
                        two.length));

        given().queryParam("repository", repository).get("/api/v1/images").then().statusCode(200)
                .body("", hasSize(2))
                .body("[0].repository", equalTo(repository))
                .body("tag", org.hamcrest.Matchers.contains("latest", "v1"))
                .body("[1].id", equalTo(config.toString()))
                .body("[1].digest", equalTo(digest.toString()))
                .body("[1].created", equalTo("2023-02-03T04:05:06Z"))
                .body("[1].size", equalTo(3_500))
                .body("[1].sizeKind", equalTo("compressed"));
        given().queryParam("repository", "Not/Valid").get("/api/v1/images").then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("INVALID_REPOSITORY"));
    }

    @Test
    void statsCountSharedContentOnceInPhysicalAndTwiceInLogicalBytes() {
        byte[] layer = random(10_000);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[\"" + Digest.sha256(random(4)) + "\"]}}").getBytes(StandardCharsets.UTF_8);
        long logicalBefore = stat("logicalBytes");
        long physicalBefore = stat("physicalBytes");

        for (String repository : new String[] {repo("api/stats"), repo("api/stats")}) {
            Digest configDigest = push(repository, config);
            pushManifest(repository, "v1", "application/vnd.oci.image.manifest.v1+json",
                    imageManifest(configDigest, config.length, push(repository, layer), layer.length));
        }

        org.assertj.core.api.Assertions.assertThat(stat("logicalBytes") - logicalBefore)
                .isEqualTo(2L * (layer.length + config.length));
        org.assertj.core.api.Assertions.assertThat(stat("physicalBytes") - physicalBefore)
                .isEqualTo(layer.length + config.length);
        given().get("/api/v1/stats").then().body("dedupeRatio", org.hamcrest.Matchers.notNullValue());
    }

    private static long stat(String field) {
        return ((Number) given().get("/api/v1/stats").then().statusCode(200).extract().path(field)).longValue();
    }

    @Test
    void buildCacheStoresLooksUpAndRefusesUnknownLayers() {
        String repository = repo("api/cache");
        byte[] layer = random(4_000);
        Digest digest = push(repository, layer);
        String key = "sha256-" + Digest.sha256(random(8)).hex();
        String entry = "{\"layer\":{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\""
                + digest + "\",\"size\":" + layer.length + "},\"diffId\":\"" + Digest.sha256(random(8))
                + "\",\"configChange\":{\"Env\":[\"A=1\"]}}";

        given().get("/api/v1/cache/" + key).then().statusCode(404).contentType("application/problem+json")
                .body("code", equalTo("CACHE_MISS"));
        given().contentType("application/json").body(entry).put("/api/v1/cache/" + key).then().statusCode(201);
        given().get("/api/v1/cache/" + key).then().statusCode(200)
                .body("layer.digest", equalTo(digest.toString()))
                .body("configChange.Env[0]", equalTo("A=1"));
        given().contentType("application/json").body(entry).put("/api/v1/cache/" + key).then().statusCode(200);

        String unknown = entry.replace(digest.toString(), Digest.sha256(random(8)).toString());
        given().contentType("application/json").body(unknown).put("/api/v1/cache/other").then().statusCode(409)
                .body("code", equalTo("LAYER_UNKNOWN"));
        given().contentType("application/json").body(entry).put("/api/v1/cache/bad key!").then().statusCode(400)
                .body("code", equalTo("INVALID_CACHE_KEY"));

        given().delete("/api/v1/cache/" + key).then().statusCode(204);
        given().get("/api/v1/cache/" + key).then().statusCode(404);
    }

    @Test
    void workersStoringTheSameStepAtOnceAllSucceed() throws Exception {
        String repository = repo("api/cache-race");
        byte[] layer = random(2_000);
        Digest digest = push(repository, layer);
        String entry = "{\"layer\":{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\""
                + digest + "\",\"size\":" + layer.length + "},\"diffId\":\"" + Digest.sha256(random(8)) + "\"}";
        for (int round = 0; round < 5; round++) {
            String key = "sha256-" + Digest.sha256(random(8)).hex();
            List<Callable<Integer>> puts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                puts.add(() -> given().contentType("application/json").body(entry).put("/api/v1/cache/" + key)
                        .then().extract().statusCode());
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> f : pool.invokeAll(puts)) {
                    statuses.add(f.get());
                }
                // Exactly one of them created the entry; none failed.
                assertThat(statuses).containsOnly(200, 201);
                assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
            } finally {
                pool.shutdownNow();
            }
            given().get("/api/v1/cache/" + key).then().statusCode(200).body("layer.digest", equalTo(digest.toString()));
        }
    }

    @Test
    void leasesAreCreatedRenewedAndReleased() {
        Digest digest = push(repo("api/lease"), random(100));

        String id = given().contentType("application/json")
                .body("{\"owner\":\"job-1\",\"ttlSeconds\":60,\"blobs\":[\"" + digest + "\"]}")
                .post("/api/v1/leases").then().statusCode(201)
                .body("owner", equalTo("job-1")).body("blobs[0]", equalTo(digest.toString()))
                .extract().path("id");
        given().contentType("application/json").body("{\"ttlSeconds\":120}").put("/api/v1/leases/" + id)
                .then().statusCode(200).body("blobs", hasSize(1));
        given().delete("/api/v1/leases/" + id).then().statusCode(204);
        given().get("/api/v1/leases/" + id).then().statusCode(404).body("code", equalTo("LEASE_NOT_FOUND"));

        given().contentType("application/json").body("{\"owner\":\"job-2\",\"ttlSeconds\":0}")
                .post("/api/v1/leases").then().statusCode(400).body("code", equalTo("INVALID_LEASE"))
                .body("detail", containsString("ttlSeconds"));
        given().contentType("application/json").body("{\"owner\":\"job-2\",\"ttlSeconds\":5,\"blobs\":[\"nope\"]}")
                .post("/api/v1/leases").then().statusCode(400).body("code", equalTo("INVALID_DIGEST"));
    }

    @Test
    void bodiesThatAreNotJsonAreProblems() {
        given().contentType("application/json").body("{bad").post("/api/v1/leases").then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("INVALID_JSON"));
        given().contentType("application/json").body("{\"layer\":5}").put("/api/v1/cache/k1").then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("INVALID_JSON"));
    }

    @Test
    void healthAndMetricsAreExposed() {
        given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("layerstore_dedupe_hits_total"))
                .body(containsString("http_server_requests"));
    }
}
