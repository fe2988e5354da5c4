package dev.slipway.layerstore.http;

import static dev.slipway.layerstore.support.Blobs.push;
import static dev.slipway.layerstore.support.Blobs.random;
import static dev.slipway.layerstore.support.Blobs.repo;
import static dev.slipway.layerstore.support.Blobs.v2;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.slipway.common.oci.Digest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Whole-blob {@code GET}s of links the registry already knows (served on the event loop, copied to this host's
 * clients): every byte and header right, and no link served after an unlink or a collection removed it, even when the
 * same bytes are stored again for another repository.
 */
@QuarkusTest
class BlobDownloadTest {

    @Test
    void aBlobOfManyChunksIsServedWholeEveryTime() {
        String repository = repo("download/whole");
        byte[] content = random((5 << 20) + 12_345);
        Digest digest = push(repository, content);

        for (int i = 0; i < 3; i++) { // the first push taught the registry the link: every GET takes the fast path
            Response response = v2().get("/v2/" + repository + "/blobs/" + digest);
            response.then().statusCode(200)
                    .header("Content-Length", String.valueOf(content.length))
                    .header("Docker-Content-Digest", digest.toString())
                    .header("Docker-Distribution-API-Version", "registry/2.0")
                    .header("Content-Type", "application/octet-stream");
            assertThat(response.asByteArray()).isEqualTo(content);
        }
        byte[] tail = v2().header("Range", "bytes=" + (content.length - 100) + "-")
                .get("/v2/" + repository + "/blobs/" + digest).then().statusCode(206).extract().asByteArray();
        assertThat(tail).isEqualTo(Arrays.copyOfRange(content, content.length - 100, content.length));
    }

    @Test
    void anUnlinkedBlobIsNotServedAnyMore() {
        String repository = repo("download/unlinked");
        String other = repo("download/keeps");
        byte[] content = random(70_000);
        Digest digest = push(repository, content);
        push(other, content); // the bytes stay stored: only the link decides
        v2().get("/v2/" + repository + "/blobs/" + digest).then().statusCode(200);

        v2().delete("/v2/" + repository + "/blobs/" + digest).then().statusCode(202);

        v2().get("/v2/" + repository + "/blobs/" + digest).then().statusCode(404)
                .body("errors[0].code", equalTo("BLOB_UNKNOWN"));
        v2().head("/v2/" + repository + "/blobs/" + digest).then().statusCode(404);
        v2().get("/v2/" + other + "/blobs/" + digest).then().statusCode(200);
    }

    @Test
    void aCollectedLinkStaysGoneWhenTheBytesComeBackForAnotherRepository() {
        String repository = repo("download/collected");
        byte[] content = random(90_000);
        Digest digest = push(repository, content); // linked, but no manifest keeps it
        v2().get("/v2/" + repository + "/blobs/" + digest).then().statusCode(200);

        given().post("/api/v1/gc?gracePeriod=PT0S").then().statusCode(200);
        push(repo("download/again"), content);

        v2().get("/v2/" + repository + "/blobs/" + digest).then().statusCode(404)
                .body("errors[0].code", equalTo("BLOB_UNKNOWN"));
    }
}
