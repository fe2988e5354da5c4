package dev.slipway.layerstore.http;

import static dev.slipway.layerstore.support.Blobs.random;
import static dev.slipway.layerstore.support.Blobs.repo;
import static dev.slipway.layerstore.support.Blobs.v2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.slipway.common.oci.Digest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Uploads with {@code layerstore.storage.direct-writes} on: bodies longer than the aligned staging buffer, chunks that
 * start on and off a block boundary, and a wrong digest, all stored and served byte for byte (or not at all).
 */
@QuarkusTest
@TestProfile(DirectWritesTest.DirectWrites.class)
class DirectWritesTest {

    private static final Path STORAGE = Path.of("target/layerstore-test/blobs");

    @Test
    void aMonolithicUploadLongerThanTheStagingBufferIsStoredWhole() {
        String repository = repo("direct/mono");
        byte[] content = random((9 << 20) + 12_345);
        Digest digest = Digest.sha256(content);

        v2().contentType("application/octet-stream").body(content)
                .post("/v2/" + repository + "/blobs/uploads/?digest=" + digest)
                .then().statusCode(201).header("Docker-Content-Digest", digest.toString());

        assertThat(v2().get("/v2/" + repository + "/blobs/" + digest).then().statusCode(200).extract().asByteArray())
                .isEqualTo(content);
        assertThat(STORAGE.resolve("sha256").resolve(digest.hex().substring(0, 2)).resolve(digest.hex()))
                .hasBinaryContent(content);
    }

    @Test
    void chunksOnAndOffBlockBoundariesAddUp() {
        String repository = repo("direct/chunked");
        byte[] content = random((6 << 20) + 4_196);
        Digest digest = Digest.sha256(content);
        String location = v2().post("/v2/" + repository + "/blobs/uploads/").header("Location");

        int aligned = 3 << 20; // the second chunk starts on a block boundary, the last one does not
        int unaligned = aligned + (2 << 20) + 100;
        patch(location, content, 0, aligned).then().statusCode(202).header("Range", "0-" + (aligned - 1));
        patch(location, content, aligned, unaligned).then().statusCode(202).header("Range", "0-" + (unaligned - 1));
        v2().contentType("application/octet-stream")
                .header("Content-Range", unaligned + "-" + (content.length - 1))
                .body(Arrays.copyOfRange(content, unaligned, content.length))
                .put(location + "?digest=" + digest).then().statusCode(201);

        assertThat(v2().get("/v2/" + repository + "/blobs/" + digest).asByteArray()).isEqualTo(content);
    }

    @Test
    void aWrongDigestStoresNothing() {
        String repository = repo("direct/wrong");
        byte[] content = random((5 << 20) + 1);
        Digest claimed = Digest.sha256(random(10));

        v2().contentType("application/octet-stream").body(content)
                .post("/v2/" + repository + "/blobs/uploads/?digest=" + claimed)
                .then().statusCode(400).body("errors[0].code", equalTo("DIGEST_INVALID"));

        assertThat(STORAGE.resolve("sha256").resolve(Digest.sha256(content).hex().substring(0, 2))
                .resolve(Digest.sha256(content).hex())).doesNotExist();
        assertThat(STORAGE.resolve("tmp")).isEmptyDirectory();
    }

    private static Response patch(String location, byte[] content, int from, int to) {
        return v2().contentType("application/octet-stream")
                .header("Content-Range", from + "-" + (to - 1))
                .body(Arrays.copyOfRange(content, from, to))
                .patch(location);
    }

    /** The default configuration with direct writes switched on. */
    public static final class DirectWrites implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("layerstore.storage.direct-writes", "true");
        }
    }
}
