package dev.slipway.layerstore.support;

import static io.restassured.RestAssured.given;

import dev.slipway.common.oci.Digest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;

/** Test helpers: random content, unique repository names, and the plain /v2 calls tests build on. */
public final class Blobs {

    private Blobs() {
    }

    /** @return {@code size} pseudo-random (incompressible) bytes */
    public static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random().nextBytes(bytes);
        return bytes;
    }

    /** @return a repository name no other test uses */
    public static String repo(String prefix) {
        return prefix + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** @return a request without URL encoding (names contain '/', digests ':') */
    public static RequestSpecification v2() {
        return given().urlEncodingEnabled(false);
    }

    /** Pushes a blob with a monolithic {@code POST ?digest=} and returns its digest. */
    public static Digest push(String repository, byte[] content) {
        Digest digest = Digest.sha256(content);
        v2().contentType("application/octet-stream").body(content)
                .post("/v2/" + repository + "/blobs/uploads/?digest=" + digest)
                .then().statusCode(201);
        return digest;
    }

    /** Pushes a manifest and returns its digest. */
    public static Digest pushManifest(String repository, String reference, String mediaType, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        v2().contentType(mediaType).body(bytes)
                .put("/v2/" + repository + "/manifests/" + reference)
                .then().statusCode(201);
        return Digest.sha256(bytes);
    }

    /** @return an OCI image manifest JSON for a config and layers (each {@code [digest, size]}) */
    public static String imageManifest(Digest config, long configSize, Object... layers) {
        StringBuilder json = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + config
                + "\",\"size\":" + configSize + "},\"layers\":[");
        for (int i = 0; i < layers.length; i += 2) {
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"")
                    .append(layers[i]).append("\",\"size\":").append(layers[i + 1]).append('}');
        }
        return json.append("]}").toString();
    }

    /** @return the base URI of the running test application */
    public static String baseUri() {
        return RestAssured.baseURI + ":" + RestAssured.port;
    }
}
