package dev.slipway.layerstore.http;

import static dev.slipway.layerstore.support.Blobs.push;
import static dev.slipway.layerstore.support.Blobs.random;
import static dev.slipway.layerstore.support.Blobs.repo;
import static dev.slipway.layerstore.support.Blobs.v2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.slipway.common.oci.Digest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The blob half of the distribution API: pulls, uploads of every kind, mounts, deletes and their errors. */
@QuarkusTest
class BlobApiTest {

    private static final Path STORAGE = Path.of("target/layerstore-test/blobs");

    @Test
    void baseEndpointAnswersWithTheApiVersion() {
        v2().get("/v2/").then().statusCode(200).header("Docker-Distribution-API-Version", "registry/2.0");
    }

    @Test
    void monolithicPostStoresTheBlobAndServesIt() {
        String repository = repo("blobs/mono");
        byte[] content = random(100_000);
        Digest digest = Digest.sha256(content);

        v2().contentType("application/octet-stream").body(content)
                .post("/v2/" + repository + "/blobs/uploads/?digest=" + digest)
                .then().statusCode(201)
                .header("Location", "/v2/" + repository + "/blobs/" + digest)
                .header("Docker-Content-Digest", digest.toString());

        v2().head("/v2/" + repository + "/blobs/" + digest).then().statusCode(200)
                .header("Content-Length", String.valueOf(content.length))
                .header("Docker-Content-Digest", digest.toString());
        byte[] served = v2().get("/v2/" + repository + "/blobs/" + digest).then().statusCode(200)
                .header("Content-Length", String.valueOf(content.length))
                .extract().asByteArray();
        assertThat(served).isEqualTo(content);
        assertThat(STORAGE.resolve("sha256").resolve(digest.hex().substring(0, 2)).resolve(digest.hex()))
                .hasBinaryContent(content);
    }

    @Test
    void postThenPutUploadsInOneRequest() {
        String repository = repo("blobs/postput");
        byte[] content = random(64_000);
        Digest digest = Digest.sha256(content);

        Response started = v2().post("/v2/" + repository + "/blobs/uploads/");
        started.then().statusCode(202).header("Location", startsWith("/v2/" + repository + "/blobs/uploads/"))
                .header("Range", "0-0");
        v2().contentType("application/octet-stream").body(content)
                .put(started.header("Location") + "?digest=" + digest)
                .then().statusCode(201).header("Docker-Content-Digest", digest.toString());

        assertThat(v2().get("/v2/" + repository + "/blobs/" + digest).asByteArray()).isEqualTo(content);
    }

    @Test
    void chunkedUploadAcrossThreePatchesWithAResumeAfterAStatusGet() {
        String repository = repo("blobs/chunked");
        byte[] content = random(300_000);
        Digest digest = Digest.sha256(content);
        String location = v2().post("/v2/" + repository + "/blobs/uploads/").header("Location");

        patch(location, content, 0, 100_000).then().statusCode(202).header("Range", "0-99999")
                .header("Location", location);
        patch(location, content, 100_000, 200_000).then().statusCode(202).header("Range", "0-199999");

        // A client that lost track asks where the upload stands and resumes from there.
        Response status = v2().get(location);
        status.then().statusCode(204).header("Range", "0-199999").header("Location", location);
        int resumeAt = Integer.parseInt(status.header("Range").split("-")[1]) + 1;
        patch(location, content, resumeAt, content.length).then().statusCode(202).header("Range", "0-299999");

        v2().put(location + "?digest=" + digest).then().statusCode(201);
        assertThat(v2().get("/v2/" + repository + "/blobs/" + digest).asByteArray()).isEqualTo(content);
        v2().get(location).then().statusCode(404).body("errors[0].code", equalTo("BLOB_UPLOAD_UNKNOWN"));
    }

    @Test
    void outOfOrderChunkIsAnswered416WithWhereTheUploadStands() {
        String repository = repo("blobs/order");
        byte[] content = random(30_000);
        String location = v2().post("/v2/" + repository + "/blobs/uploads/").header("Location");
        patch(location, content, 0, 10_000).then().statusCode(202);

        patch(location, content, 20_000, 30_000).then().statusCode(416).header("Range", "0-9999")
                .header("Location", location);
        // The same chunk again (a retry of an accepted chunk) is also out of order.
        patch(location, content, 0, 10_000).then().statusCode(416);

        patch(location, content, 10_000, 30_000).then().statusCode(202).header("Range", "0-29999");
        v2().put(location + "?digest=" + Digest.sha256(content)).then().statusCode(201);
    }

    @Test
    void malformedContentRangeIsAnswered416() {
        String repository = repo("blobs/badrange");
        String location = v2().post("/v2/" + repository + "/blobs/uploads/").header("Location");

        v2().contentType("application/octet-stream").header("Content-Range", "bytes=ten-twenty").body(new byte[5])
                .patch(location).then().statusCode(416).header("Range", "0-0");
    }

    @Test
    void streamedPatchWithoutContentRangeAppends() {
        String repository = repo("blobs/streamed");
        byte[] content = random(50_000);
        String location = v2().post("/v2/" + repository + "/blobs/uploads/").header("Location");

        v2().contentType("application/octet-stream").body(Arrays.copyOfRange(content, 0, 20_000)).patch(location)
                .then().statusCode(202).header("Range", "0-19999");
        v2().contentType("application/octet-stream").body(Arrays.copyOfRange(content, 20_000, 50_000))
                .put(location + "?digest=" + Digest.sha256(content)).then().statusCode(201);

        assertThat(v2().get("/v2/" + repository + "/blobs/" + Digest.sha256(content)).asByteArray())
                .isEqualTo(content);
    }

    @Test
    void wrongDigestIsRefusedAndNothingIsStored() {
        String repository = repo("blobs/wrong");
        byte[] content = random(20_000);
        Digest claimed = Digest.sha256(random(10));

        v2().contentType("application/octet-stream").body(content)
                .post("/v2/" + repository + "/blobs/uploads/?digest=" + claimed)
                .then().statusCode(400).body("errors[0].code", equalTo("DIGEST_INVALID"));
        String location = v2().post("/v2/" + repository + "/blobs/uploads/").header("Location");
        v2().contentType("application/octet-stream").body(content).put(location + "?digest=" + claimed)
                .then().statusCode(400).body("errors[0].code", equalTo("DIGEST_INVALID"));

        for (Digest digest : new Digest[] {claimed, Digest.sha256(content)}) {
            v2().head("/v2/" + repository + "/blobs/" + digest).then().statusCode(404);
            assertThat(STORAGE.resolve("sha256").resolve(digest.hex().substring(0, 2)).resolve(digest.hex()))
                    .doesNotExist();
        }
        assertThat(STORAGE.resolve("uploads").resolve(location.substring(location.lastIndexOf('/') + 1)))
                .doesNotExist();
        v2().get(location).then().statusCode(404);
    }

    @Test
    void sha512BlobsAreAccepted() {
        String repository = repo("blobs/sha512");
        byte[] content = random(10_000);
        Digest digest = Digest.of(Digest.Algorithm.SHA512, content);

        v2().contentType("application/octet-stream").body(content)
                .post("/v2/" + repository + "/blobs/uploads/?digest=" + digest).then().statusCode(201);

        assertThat(v2().get("/v2/" + repository + "/blobs/" + digest).asByteArray()).isEqualTo(content);
    }

    @Test
    void cancelledUploadIsGone() {
        String repository = repo("blobs/cancel");
        String location = v2().post("/v2/" + repository + "/blobs/uploads/").header("Location");
        patch(location, random(1000), 0, 1000).then().statusCode(202);

        v2().delete(location).then().statusCode(204);

        v2().get(location).then().statusCode(404).body("errors[0].code", equalTo("BLOB_UPLOAD_UNKNOWN"));
        assertThat(STORAGE.resolve("uploads").resolve(location.substring(location.lastIndexOf('/') + 1)))
                .doesNotExist();
    }

    @Test
    void mountFromARepositoryThatHasTheBlobCreatesItWithoutData() {
        String source = repo("blobs/mountsrc");
        String target = repo("blobs/mountdst");
        Digest digest = push(source, random(40_000));

        v2().post("/v2/" + target + "/blobs/uploads/?mount=" + digest + "&from=" + source)
                .then().statusCode(201).header("Location", "/v2/" + target + "/blobs/" + digest)
                .header("Docker-Content-Digest", digest.toString());

        v2().head("/v2/" + target + "/blobs/" + digest).then().statusCode(200);
    }

    @Test
    void mountOfAnUnknownBlobFallsBackToAnUploadSession() {
        String target = repo("blobs/mountmiss");
        Digest unknown = Digest.sha256(random(16));

        v2().post("/v2/" + target + "/blobs/uploads/?mount=" + unknown + "&from=" + repo("blobs/nowhere"))
                .then().statusCode(202).header("Location", startsWith("/v2/" + target + "/blobs/uploads/"));
        v2().post("/v2/" + target + "/blobs/uploads/?mount=not-a-digest&from=" + repo("blobs/nowhere"))
                .then().statusCode(202);
    }

    @Test
    void blobsAreVisibleOnlyInRepositoriesThatLinkThem() {
        Digest digest = push(repo("blobs/linked"), random(5_000));

        v2().head("/v2/" + repo("blobs/other") + "/blobs/" + digest).then().statusCode(404);
        v2().get("/v2/" + repo("blobs/other") + "/blobs/" + digest).then().statusCode(404)
                .body("errors[0].code", equalTo("BLOB_UNKNOWN"));
    }

    @Test
    void rangeRequestsAreServedPartially() {
        String repository = repo("blobs/range");
        byte[] content = random(10_000);
        Digest digest = push(repository, content);
        String url = "/v2/" + repository + "/blobs/" + digest;

        byte[] part = v2().header("Range", "bytes=100-199").get(url).then().statusCode(206)
                .header("Content-Range", "bytes 100-199/10000").header("Content-Length", "100")
                .extract().asByteArray();
        assertThat(part).isEqualTo(Arrays.copyOfRange(content, 100, 200));
        assertThat(v2().header("Range", "bytes=9990-").get(url).then().statusCode(206).extract().asByteArray())
                .isEqualTo(Arrays.copyOfRange(content, 9990, 10_000));
        assertThat(v2().header("Range", "bytes=-10").get(url).then().statusCode(206).extract().asByteArray())
                .isEqualTo(Arrays.copyOfRange(content, 9990, 10_000));
        v2().header("Range", "bytes=10000-").get(url).then().statusCode(416)
                .header("Content-Range", "bytes */10000");
    }

    @Test
    void deletedBlobIsGoneFromThatRepositoryOnly() {
        String first = repo("blobs/delete");
        String second = repo("blobs/keep");
        byte[] content = random(3_000);
        Digest digest = push(first, content);
        push(second, content);

        v2().delete("/v2/" + first + "/blobs/" + digest).then().statusCode(202);

        v2().get("/v2/" + first + "/blobs/" + digest).then().statusCode(404);
        v2().delete("/v2/" + first + "/blobs/" + digest).then().statusCode(404)
                .body("errors[0].code", equalTo("BLOB_UNKNOWN"));
        assertThat(v2().get("/v2/" + second + "/blobs/" + digest).asByteArray()).isEqualTo(content);
    }

    @Test
    void invalidNamesAndDigestsAreRefusedWithSpecCodes() {
        v2().get("/v2/UPPER/case/blobs/" + Digest.sha256(new byte[1])).then().statusCode(400)
                .body("errors[0].code", equalTo("NAME_INVALID"));
        v2().get("/v2/fine/blobs/sha256:xyz").then().statusCode(400)
                .body("errors[0].code", equalTo("DIGEST_INVALID"));
        v2().post("/v2/fine/blobs/uploads/?digest=md5:abc").then().statusCode(400)
                .body("errors[0].code", equalTo("DIGEST_INVALID"));
        v2().get("/v2/fine/blobs/uploads/not-a-session").then().statusCode(404)
                .body("errors[0].code", equalTo("BLOB_UPLOAD_UNKNOWN"));
    }

    @Test
    void uploadSessionsAreScopedToTheirRepository() {
        String location = v2().post("/v2/" + repo("blobs/scoped") + "/blobs/uploads/").header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);

        v2().get("/v2/" + repo("blobs/elsewhere") + "/blobs/uploads/" + id).then().statusCode(404);
    }

    @Test
    void uploadDataLivesInTheUploadsFolderUntilItIsPublished() throws Exception {
        String repository = repo("blobs/staging");
        byte[] content = random(8_000);
        String location = v2().post("/v2/" + repository + "/blobs/uploads/").header("Location");
        patch(location, content, 0, 8_000).then().statusCode(202);

        Path data = STORAGE.resolve("uploads").resolve(location.substring(location.lastIndexOf('/') + 1))
                .resolve("data");
        assertThat(data).hasBinaryContent(content);
        Digest digest = Digest.sha256(content);
        assertThat(Files.exists(STORAGE.resolve("sha256").resolve(digest.hex().substring(0, 2))
                .resolve(digest.hex()))).isFalse();

        v2().put(location + "?digest=" + digest).then().statusCode(201);
        assertThat(data).doesNotExist();
    }

    private static Response patch(String location, byte[] content, int from, int to) {
        return v2().contentType("application/octet-stream")
                .header("Content-Range", from + "-" + (to - 1))
                .body(Arrays.copyOfRange(content, from, to))
                .patch(location);
    }
}
