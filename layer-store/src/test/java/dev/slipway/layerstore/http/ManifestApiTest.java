package dev.slipway.layerstore.http;

import static dev.slipway.layerstore.support.Blobs.imageManifest;
import static dev.slipway.layerstore.support.Blobs.push;
import static dev.slipway.layerstore.support.Blobs.pushManifest;
import static dev.slipway.layerstore.support.Blobs.random;
import static dev.slipway.layerstore.support.Blobs.repo;
import static dev.slipway.layerstore.support.Blobs.v2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import dev.slipway.common.oci.Digest;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The manifest half of the distribution API: push, pull, negotiation, tags, catalog, referrers and their errors. */
@QuarkusTest
class ManifestApiTest {

    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    private static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    private static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    private static final byte[] CONFIG = """
            {"architecture":"amd64","os":"linux","created":"2024-05-06T07:08:09Z",\
            "rootfs":{"type":"layers","diff_ids":[]}}""".getBytes(StandardCharsets.UTF_8);

    /** A pushed image: its repository, manifest JSON and digest. */
    record Image(String repository, String json, Digest digest, Digest layer) {
    }

    private static Image image(String repository, String tag) {
        Digest config = push(repository, CONFIG);
        byte[] layer = random(2_000);
        Digest layerDigest = push(repository, layer);
        String json = imageManifest(config, CONFIG.length, layerDigest, layer.length);
        return new Image(repository, json, pushManifest(repository, tag, OCI_MANIFEST, json), layerDigest);
    }

    @Test
    void manifestIsServedByTagAndDigestWithTheExactBytes() {
        String repository = repo("manifests/exact");
        Digest config = push(repository, CONFIG);
        // Odd whitespace and key order must survive: clients verify the digest of what they get.
        String json = "{ \"schemaVersion\" : 2,\n  \"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
                + "\"digest\":\"" + config + "\",\"size\":" + CONFIG.length + "},\"layers\":[],"
                + "\"mediaType\":\"" + OCI_MANIFEST + "\"}\n";
        Digest digest = Digest.sha256(json.getBytes(StandardCharsets.UTF_8));

        v2().contentType(OCI_MANIFEST).body(json.getBytes(StandardCharsets.UTF_8))
                .put("/v2/" + repository + "/manifests/v1").then().statusCode(201)
                .header("Location", "/v2/" + repository + "/manifests/" + digest)
                .header("Docker-Content-Digest", digest.toString());

        for (String reference : new String[] {"v1", digest.toString()}) {
            byte[] served = v2().accept(OCI_MANIFEST).get("/v2/" + repository + "/manifests/" + reference)
                    .then().statusCode(200).contentType(OCI_MANIFEST)
                    .header("Docker-Content-Digest", digest.toString()).extract().asByteArray();
            assertThat(served).isEqualTo(json.getBytes(StandardCharsets.UTF_8));
            v2().accept(OCI_MANIFEST).head("/v2/" + repository + "/manifests/" + reference).then().statusCode(200)
                    .header("Content-Length", String.valueOf(served.length))
                    .header("Docker-Content-Digest", digest.toString());
        }
    }

    @Test
    void pushByDigestMustMatchTheBytes() {
        String repository = repo("manifests/bydigest");
        Image image = image(repository, "t");

        v2().contentType(OCI_MANIFEST).body(image.json().getBytes(StandardCharsets.UTF_8))
                .put("/v2/" + repository + "/manifests/" + image.digest()).then().statusCode(201);
        v2().contentType(OCI_MANIFEST).body(image.json().getBytes(StandardCharsets.UTF_8))
                .put("/v2/" + repository + "/manifests/" + Digest.sha256(new byte[3])).then().statusCode(400)
                .body("errors[0].code", equalTo("DIGEST_INVALID"));
    }

    @Test
    void manifestNamingAMissingBlobIsRefused() {
        String repository = repo("manifests/missing");
        Digest config = push(repository, CONFIG);
        Digest missing = Digest.sha256(random(32));

        v2().contentType(OCI_MANIFEST).body(imageManifest(config, CONFIG.length, missing, 32))
                .put("/v2/" + repository + "/manifests/latest").then().statusCode(400)
                .body("errors[0].code", equalTo("MANIFEST_BLOB_UNKNOWN"))
                .body("errors[0].detail.digest", equalTo(missing.toString()));

        v2().get("/v2/" + repository + "/manifests/latest").then().statusCode(404)
                .body("errors[0].code", equalTo("MANIFEST_UNKNOWN"));
    }

    @Test
    void indexNeedsItsChildrenAndRoundTrips() {
        String repository = repo("manifests/index");
        Image amd = image(repository, "amd64");
        Digest missing = Digest.sha256(random(8));
        String index = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":["
                + "{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\"" + amd.digest() + "\",\"size\":"
                + amd.json().length() + ",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}}]}";
        String broken = index.replace(amd.digest().toString(), missing.toString());

        v2().contentType(OCI_INDEX).body(broken).put("/v2/" + repository + "/manifests/multi").then().statusCode(400)
                .body("errors[0].code", equalTo("MANIFEST_BLOB_UNKNOWN"));
        Digest digest = pushManifest(repository, "multi", OCI_INDEX, index);

        v2().accept(OCI_INDEX).get("/v2/" + repository + "/manifests/multi").then().statusCode(200)
                .contentType(OCI_INDEX).header("Docker-Content-Digest", digest.toString());
    }

    @Test
    void dockerSchema2ManifestAndListAreAccepted() {
        String repository = repo("manifests/docker");
        Digest config = push(repository, CONFIG);
        byte[] layer = random(1_000);
        Digest layerDigest = push(repository, layer);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + DOCKER_MANIFEST + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.docker.container.image.v1+json\",\"digest\":\"" + config + "\",\"size\":"
                + CONFIG.length + "},\"layers\":[{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\","
                + "\"digest\":\"" + layerDigest + "\",\"size\":" + layer.length + "}]}";
        Digest manifestDigest = pushManifest(repository, "d", DOCKER_MANIFEST, manifest);
        String list = "{\"schemaVersion\":2,\"mediaType\":\"" + DOCKER_LIST + "\",\"manifests\":[{\"mediaType\":\""
                + DOCKER_MANIFEST + "\",\"digest\":\"" + manifestDigest + "\",\"size\":" + manifest.length()
                + ",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}}]}";
        pushManifest(repository, "list", DOCKER_LIST, list);

        v2().accept(DOCKER_MANIFEST).get("/v2/" + repository + "/manifests/d").then().statusCode(200)
                .contentType(DOCKER_MANIFEST);
        v2().accept(DOCKER_LIST).get("/v2/" + repository + "/manifests/list").then().statusCode(200)
                .contentType(DOCKER_LIST);
    }

    @Test
    void acceptHeaderThatExcludesTheStoredTypeIsAnsweredUnknown() {
        String repository = repo("manifests/accept");
        image(repository, "v");

        v2().accept(DOCKER_MANIFEST).get("/v2/" + repository + "/manifests/v").then().statusCode(404)
                .body("errors[0].code", equalTo("MANIFEST_UNKNOWN"));
        v2().accept("*/*").get("/v2/" + repository + "/manifests/v").then().statusCode(200);
        v2().accept(DOCKER_MANIFEST + ", " + OCI_MANIFEST).get("/v2/" + repository + "/manifests/v").then()
                .statusCode(200);
    }

    @Test
    void invalidAndOversizedManifestsAreRefused() {
        String repository = repo("manifests/invalid");

        v2().contentType(OCI_MANIFEST).body("{not json").put("/v2/" + repository + "/manifests/x").then()
                .statusCode(400).body("errors[0].code", equalTo("MANIFEST_INVALID"));
        byte[] huge = new byte[4 * 1024 * 1024 + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        v2().contentType(OCI_MANIFEST).body(huge).put("/v2/" + repository + "/manifests/x").then()
                .statusCode(413).body("errors[0].code", equalTo("SIZE_INVALID"));
        v2().contentType(OCI_MANIFEST).body("{}").put("/v2/" + repository + "/manifests/bad:tag:x").then()
                .statusCode(400);
    }

    @Test
    void deletingATagKeepsTheManifestAndDeletingTheManifestRemovesItsTags() {
        String repository = repo("manifests/delete");
        Image image = image(repository, "one");
        pushManifest(repository, "two", OCI_MANIFEST, image.json());

        v2().delete("/v2/" + repository + "/manifests/one").then().statusCode(202);
        v2().get("/v2/" + repository + "/manifests/one").then().statusCode(404);
        v2().get("/v2/" + repository + "/manifests/" + image.digest()).then().statusCode(200);

        v2().delete("/v2/" + repository + "/manifests/" + image.digest()).then().statusCode(202);
        v2().get("/v2/" + repository + "/manifests/two").then().statusCode(404);
        v2().get("/v2/" + repository + "/manifests/" + image.digest()).then().statusCode(404)
                .body("errors[0].code", equalTo("MANIFEST_UNKNOWN"));
        v2().delete("/v2/" + repository + "/manifests/" + image.digest()).then().statusCode(404);
    }

    @Test
    void tagsAreListedInOrderWithPagination() {
        String repository = repo("manifests/tags");
        Image image = image(repository, "b");
        for (String tag : new String[] {"a", "c", "d", "e"}) {
            pushManifest(repository, tag, OCI_MANIFEST, image.json());
        }

        v2().get("/v2/" + repository + "/tags/list").then().statusCode(200)
                .body("name", equalTo(repository)).body("tags", contains("a", "b", "c", "d", "e"));
        v2().get("/v2/" + repository + "/tags/list?n=2").then().statusCode(200)
                .body("tags", contains("a", "b"))
                .header("Link", "</v2/" + repository + "/tags/list?n=2&last=b>; rel=\"next\"");
        v2().get("/v2/" + repository + "/tags/list?n=2&last=b").then().body("tags", contains("c", "d"));
        v2().get("/v2/" + repository + "/tags/list?n=2&last=d").then().body("tags", contains("e"))
                .header("Link", nullValue());
        v2().get("/v2/" + repository + "/tags/list?n=0").then().statusCode(200).body("tags", empty());
        v2().get("/v2/" + repo("manifests/none") + "/tags/list").then().statusCode(404)
                .body("errors[0].code", equalTo("NAME_UNKNOWN"));
    }

    @Test
    void catalogListsRepositoriesWithPagination() {
        String repository = repo("manifests/catalog");
        image(repository, "v");

        v2().get("/v2/_catalog").then().statusCode(200).body("repositories", hasItem(repository));
        String first = v2().get("/v2/_catalog?n=1").then().statusCode(200)
                .header("Link", org.hamcrest.Matchers.startsWith("</v2/_catalog?n=1&last="))
                .extract().path("repositories[0]");
        String second = v2().get("/v2/_catalog?n=1&last=" + first).then().statusCode(200)
                .extract().path("repositories[0]");
        assertThat(second).isGreaterThan(first);
    }

    @Test
    void referrersAreListedAndFilteredByArtifactType() {
        String repository = repo("manifests/referrers");
        Image subject = image(repository, "app");
        Digest empty = push(repository, "{}".getBytes(StandardCharsets.UTF_8));
        String sbom = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"artifactType\":\"application/spdx+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"" + empty
                + "\",\"size\":2},\"layers\":[],\"subject\":{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\""
                + subject.digest() + "\",\"size\":" + subject.json().length() + "},"
                + "\"annotations\":{\"org.example.kind\":\"sbom\"}}";
        String signature = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\","
                + "\"config\":{\"mediaType\":\"application/vnd.example.signature\",\"digest\":\"" + empty
                + "\",\"size\":2},\"layers\":[],\"subject\":{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\""
                + subject.digest() + "\",\"size\":" + subject.json().length() + "}}";
        Digest sbomDigest = Digest.sha256(sbom.getBytes(StandardCharsets.UTF_8));

        v2().contentType(OCI_MANIFEST).body(sbom).put("/v2/" + repository + "/manifests/" + sbomDigest).then()
                .statusCode(201).header("OCI-Subject", subject.digest().toString());
        pushManifest(repository, Digest.sha256(signature.getBytes(StandardCharsets.UTF_8)).toString(), OCI_MANIFEST,
                signature);

        v2().get("/v2/" + repository + "/referrers/" + subject.digest()).then().statusCode(200)
                .contentType(OCI_INDEX)
                .body("schemaVersion", equalTo(2))
                .body("manifests.size()", equalTo(2))
                .body("manifests.artifactType", contains("application/spdx+json", "application/vnd.example.signature"))
                .body("manifests[0].digest", equalTo(sbomDigest.toString()))
                .body("manifests[0].annotations.'org.example.kind'", equalTo("sbom"))
                .header("OCI-Filters-Applied", nullValue());
        v2().get("/v2/" + repository + "/referrers/" + subject.digest() + "?artifactType=application/spdx%2Bjson")
                .then().statusCode(200).header("OCI-Filters-Applied", "artifactType")
                .body("manifests.digest", contains(sbomDigest.toString()));
        v2().get("/v2/" + repository + "/referrers/" + Digest.sha256(random(4))).then().statusCode(200)
                .body("manifests", empty());
    }

    @Test
    void subjectNeedNotExist() {
        String repository = repo("manifests/dangling");
        Digest empty = push(repository, "{}".getBytes(StandardCharsets.UTF_8));
        Digest absent = Digest.sha256(random(9));
        String artifact = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"artifactType\":\"x/y\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"" + empty
                + "\",\"size\":2},\"layers\":[],\"subject\":{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\""
                + absent + "\",\"size\":10}}";

        v2().contentType(OCI_MANIFEST).body(artifact).put("/v2/" + repository + "/manifests/sig").then()
                .statusCode(201).header("OCI-Subject", absent.toString());
        v2().get("/v2/" + repository + "/referrers/" + absent).then().statusCode(200).body("manifests.size()",
                equalTo(1));
    }
}
