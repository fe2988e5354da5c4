package dev.slipway.layerstore.http;

import static dev.slipway.layerstore.support.Blobs.push;
import static dev.slipway.layerstore.support.Blobs.random;
import static dev.slipway.layerstore.support.Blobs.repo;
import static dev.slipway.layerstore.support.Blobs.v2;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.common.oci.Digest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/**
 * {@code HEAD} of a blob, as a client checks before pushing: for a link the registry already knows (answered without a
 * database lookup) the same headers as a {@code GET} and no body; never for a repository the blob is not linked to,
 * nor once an unlink or a collection removed the link.
 */
@QuarkusTest
class BlobHeadTest {

    @Test
    void aKnownLinkAnswersWithTheGetHeadersAndNoBody() {
        String repository = repo("head/known");
        byte[] content = random(12_345);
        Digest digest = push(repository, content); // the push taught the registry the link

        for (int i = 0; i < 2; i++) {
            Response head = v2().head("/v2/" + repository + "/blobs/" + digest);
            head.then().statusCode(200)
                    .header("Content-Length", String.valueOf(content.length))
                    .header("Docker-Content-Digest", digest.toString())
                    .header("Docker-Distribution-API-Version", "registry/2.0")
                    .header("Content-Type", "application/octet-stream")
                    .header("ETag", "\"" + digest + "\"");
            assertThat(head.asByteArray()).isEmpty();
        }
        v2().head("/v2/" + repo("head/elsewhere") + "/blobs/" + digest).then().statusCode(404);
        // The next request on the same connection is answered normally (nothing of a body was left behind).
        assertThat(v2().get("/v2/" + repository + "/blobs/" + digest).then().statusCode(200).extract().asByteArray())
                .isEqualTo(content);
    }

    @Test
    void aLinkRemovedByAnUnlinkOrACollectionIsUnknown() {
        String unlinked = repo("head/unlinked");
        String collected = repo("head/collected");
        byte[] content = random(23_456);
        Digest digest = push(unlinked, content);
        push(collected, content);
        v2().head("/v2/" + unlinked + "/blobs/" + digest).then().statusCode(200);
        v2().head("/v2/" + collected + "/blobs/" + digest).then().statusCode(200);

        v2().delete("/v2/" + unlinked + "/blobs/" + digest).then().statusCode(202);
        v2().head("/v2/" + unlinked + "/blobs/" + digest).then().statusCode(404);
        v2().head("/v2/" + collected + "/blobs/" + digest).then().statusCode(200);

        given().post("/api/v1/gc?gracePeriod=PT0S").then().statusCode(200); // no manifest keeps it
        v2().head("/v2/" + collected + "/blobs/" + digest).then().statusCode(404);
    }
}
