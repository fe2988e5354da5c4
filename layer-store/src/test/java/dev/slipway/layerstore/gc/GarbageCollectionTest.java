package dev.slipway.layerstore.gc;

import static dev.slipway.layerstore.support.Blobs.imageManifest;
import static dev.slipway.layerstore.support.Blobs.push;
import static dev.slipway.layerstore.support.Blobs.pushManifest;
import static dev.slipway.layerstore.support.Blobs.random;
import static dev.slipway.layerstore.support.Blobs.repo;
import static dev.slipway.layerstore.support.Blobs.v2;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.common.oci.Digest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** After a tag is deleted, a collection frees exactly that image's unique content and keeps whatever is still needed. */
@QuarkusTest
class GarbageCollectionTest {

    private static final Path STORAGE = Path.of("target/layerstore-test/blobs");
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    private static byte[] config(String arch) {
        return ("{\"architecture\":\"" + arch + "\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + Digest.sha256(random(8)) + "\"]}}").getBytes(StandardCharsets.UTF_8);
    }

    private static Path file(Digest digest) {
        return STORAGE.resolve("sha256").resolve(digest.hex().substring(0, 2)).resolve(digest.hex());
    }

    @Test
    void deletingATagFreesOnlyThatImagesUniqueBlobs() {
        String repoA = repo("gc/a");
        String repoB = repo("gc/b");
        byte[] shared = random(50_000);
        byte[] configA = config("amd64");
        byte[] configB = config("arm64");
        byte[] uniqueA = random(30_000);
        byte[] uniqueB = random(20_000);
        Digest cA = push(repoA, configA);
        Digest uA = push(repoA, uniqueA);
        Digest sharedDigest = push(repoA, shared);
        Digest manifestA = pushManifest(repoA, "a", OCI_MANIFEST,
                imageManifest(cA, configA.length, sharedDigest, shared.length, uA, uniqueA.length));
        Digest cB = push(repoB, configB);
        Digest uB = push(repoB, uniqueB);
        push(repoB, shared);
        String jsonB = imageManifest(cB, configB.length, sharedDigest, shared.length, uB, uniqueB.length);
        Digest manifestB = pushManifest(repoB, "b", OCI_MANIFEST, jsonB);
        // A signature of B: untagged, but its subject is alive, so it stays.
        Digest empty = push(repoB, "{}".getBytes(StandardCharsets.UTF_8));
        String signature = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"artifactType\":\"x/sig\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"" + empty
                + "\",\"size\":2},\"layers\":[],\"subject\":{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\""
                + manifestB + "\",\"size\":" + jsonB.length() + "}}";
        Digest signatureDigest = pushManifest(repoB,
                Digest.sha256(signature.getBytes(StandardCharsets.UTF_8)).toString(), OCI_MANIFEST, signature);
        // In flight: a push into C has an open session and already linked one blob.
        String repoC = repo("gc/c");
        String session = v2().post("/v2/" + repoC + "/blobs/uploads/").header("Location");
        Digest inFlight = push(repoC, random(10_000));
        // Held by a lease (a running build's context) and by the build cache.
        Digest leased = push(repo("gc/lease"), random(12_000));
        String lease = given().contentType("application/json")
                .body("{\"owner\":\"job-gc\",\"ttlSeconds\":600,\"blobs\":[\"" + leased + "\"]}")
                .post("/api/v1/leases").then().statusCode(201).extract().path("id");
        byte[] cachedLayer = random(9_000);
        Digest cached = push(repo("gc/cache"), cachedLayer);
        given().contentType("application/json").body("{\"layer\":{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\","
                + "\"digest\":\"" + cached + "\",\"size\":" + cachedLayer.length + "},\"diffId\":\"" + cached + "\"}")
                .put("/api/v1/cache/gc-" + cached.hex()).then().statusCode(201);

        v2().delete("/v2/" + repoA + "/manifests/a").then().statusCode(202);
        JsonPath report = given().post("/api/v1/gc?gracePeriod=PT0S").then().statusCode(200).extract().jsonPath();

        Set<String> ours = Set.of(cA.toString(), uA.toString(), sharedDigest.toString(), cB.toString(), uB.toString(),
                empty.toString(), inFlight.toString(), leased.toString(), cached.toString());
        Set<String> freed = new HashSet<>(report.getList("freedBlobs", String.class));
        freed.retainAll(ours);
        assertThat(freed).containsExactlyInAnyOrder(cA.toString(), uA.toString());
        assertThat(report.getLong("bytesFreed")).isGreaterThanOrEqualTo(configA.length + uniqueA.length);
        assertThat(report.getInt("manifestsDeleted")).isGreaterThanOrEqualTo(1);
        assertThat(file(cA)).doesNotExist();
        assertThat(file(uA)).doesNotExist();
        for (Digest kept : List.of(sharedDigest, cB, uB, empty, inFlight, leased, cached)) {
            assertThat(file(kept)).as("%s is still needed", kept).exists();
        }
        v2().get("/v2/" + repoA + "/manifests/" + manifestA).then().statusCode(404);
        v2().get("/v2/" + repoB + "/manifests/b").then().statusCode(200);
        v2().get("/v2/" + repoB + "/manifests/" + signatureDigest).then().statusCode(200);
        assertThat(v2().get("/v2/" + repoB + "/blobs/" + sharedDigest).asByteArray()).isEqualTo(shared);

        // Once the lease is released and the session closed, their content goes too.
        given().delete("/api/v1/leases/" + lease).then().statusCode(204);
        v2().delete(session).then().statusCode(204);
        Set<String> second = new HashSet<>(given().post("/api/v1/gc?gracePeriod=PT0S").then().statusCode(200)
                .extract().jsonPath().getList("freedBlobs", String.class));
        assertThat(second).contains(leased.toString(), inFlight.toString()).doesNotContain(cached.toString(),
                sharedDigest.toString());
        assertThat(file(leased)).doesNotExist();
    }

    @Test
    void buildContextsAndPendingLayersStayUntilReleased() {
        Digest context = push("slipway-internal/build-contexts", random(7_000));
        Digest pending = push("slipway-internal/pending-layers", random(6_000));

        given().post("/api/v1/gc?gracePeriod=PT0S").then().statusCode(200);
        assertThat(file(context)).exists();
        assertThat(file(pending)).exists();

        // The job finished: the gateway unlinks its context, and the next collection frees it.
        v2().delete("/v2/slipway-internal/build-contexts/blobs/" + context).then().statusCode(202);
        List<String> freed = given().post("/api/v1/gc?gracePeriod=PT0S").then().statusCode(200).extract().jsonPath()
                .getList("freedBlobs", String.class);
        assertThat(freed).contains(context.toString()).doesNotContain(pending.toString());
        assertThat(file(context)).doesNotExist();
    }

    @Test
    void recentContentIsKeptByTheGracePeriod() {
        String repository = repo("gc/young");
        Digest young = push(repository, random(1_000));

        given().post("/api/v1/gc").then().statusCode(200);

        assertThat(file(young)).exists();
        given().post("/api/v1/gc?gracePeriod=soon").then().statusCode(400)
                .contentType("application/problem+json").body("code", org.hamcrest.Matchers.equalTo(
                        "INVALID_GRACE_PERIOD"));
    }
}
