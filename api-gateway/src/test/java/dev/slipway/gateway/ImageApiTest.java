package dev.slipway.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.slipway.gateway.support.Api;
import dev.slipway.gateway.support.GatewayTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code docker images}, {@code tag} and {@code rmi} through the gateway against the real layer-store, with images
 * pushed by an independent client (umoci builds a busybox image, skopeo pushes it).
 */
@QuarkusTest
@WithTestResource(value = GatewayTestResource.class,
        initArgs = @ResourceArg(name = GatewayTestResource.LAYER_STORE, value = "jar"))
class ImageApiTest {

    private static final String OWNER = "imguser";
    private static final String OTHER = "imgother";

    @BeforeAll
    static void pushImages() throws Exception {
        Path work = Files.createTempDirectory("gateway-images-");
        Path layout = work.resolve("oci");
        run("umoci", "init", "--layout", layout.toString());
        run("umoci", "new", "--image", layout + ":v1");
        Path bundle = work.resolve("bundle");
        run("umoci", "unpack", "--image", layout + ":v1", bundle.toString());
        Files.copy(Path.of("/bin/busybox"), bundle.resolve("rootfs/busybox"));
        run("umoci", "repack", "--image", layout + ":v1", bundle.toString());
        String registry = ConfigProvider.getConfig().getValue("gateway.layer-store-url", String.class)
                .replace("http://", "");
        for (String target : List.of(OWNER + "/app:v1", "library/busybox:latest")) {
            // The layer-store sends skopeo to the gateway's token endpoint: the admin may push anywhere.
            run("skopeo", "copy", "--dest-tls-verify=false", "--dest-creds", "admin:" + Api.adminToken(),
                    "oci:" + layout + ":v1", "docker://" + registry + "/" + target);
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
    }

    @Test
    void imagesListsOwnAndSystemRepositoriesButNotOtherUsers() {
        Api.as(OWNER).get("/api/v1/images").then().statusCode(200)
                .body("repository", hasItem(OWNER + "/app"))
                .body("repository", hasItem("library/busybox"))
                .body("find { it.repository == 'imguser/app' }.digest", startsWith("sha256:"));
        Api.as(OTHER).get("/api/v1/images").then().statusCode(200)
                .body("repository", not(hasItem(OWNER + "/app")))
                .body("repository", hasItem("library/busybox"));
        Api.as(OWNER).get("/api/v1/images?reference=busybox").then().statusCode(200)
                .body("repository", everyItemIs("library/busybox"));
        Api.as(OWNER).get("/api/v1/images?reference=Bad:Ref").then().statusCode(400)
                .body("code", equalTo("invalid-reference"));
    }

    private static org.hamcrest.Matcher<Iterable<? extends String>> everyItemIs(String value) {
        return org.hamcrest.Matchers.everyItem(equalTo(value));
    }

    @Test
    void inspectAnswersManifestAndConfigToReadersOnly() {
        String digest = Api.as(OWNER).get("/api/v1/images?reference=" + OWNER + "/app:v1").then().statusCode(200)
                .extract().path("[0].digest");
        Api.as(OWNER).get("/api/v1/images/" + OWNER + "/app:v1/json").then().statusCode(200)
                .body("digest", equalTo(digest))
                .body("manifest.layers.size()", equalTo(1))
                .body("config.rootfs.type", equalTo("layers"))
                .body("config.rootfs.diff_ids.size()", equalTo(1))
                .body("config.history.size()", equalTo(1));
        Api.as(OTHER).get("/api/v1/images/" + OWNER + "/app:v1/json").then().statusCode(403);
        Api.as(OTHER).get("/api/v1/images/busybox/json").then().statusCode(200).body("config.os", equalTo("linux"));
        Api.as(OWNER).get("/api/v1/images/" + OWNER + "/absent:v1/json").then().statusCode(404)
                .body("code", equalTo("image-not-found"));
    }

    @Test
    void tagCopiesANameWithinAndAcrossRepositoriesUnderTheTenantRules() {
        Api.as(OWNER).contentType(ContentType.JSON).body(Map.of("target", OWNER + "/app:v2"))
                .post("/api/v1/images/" + OWNER + "/app:v1/tag").then().statusCode(201)
                .body("target", equalTo(OWNER + "/app:v2")).body("digest", startsWith("sha256:"));
        Api.as(OWNER).contentType(ContentType.JSON).body(Map.of("target", OWNER + "/copy:v1"))
                .post("/api/v1/images/" + OWNER + "/app:v1/tag").then().statusCode(201);
        Api.as(OWNER).get("/api/v1/images?reference=" + OWNER + "/copy:v1").then().statusCode(200)
                .body("tag", hasItem("v1"));
        Api.as(OTHER).contentType(ContentType.JSON).body(Map.of("target", OTHER + "/stolen:v1"))
                .post("/api/v1/images/" + OWNER + "/app:v1/tag").then().statusCode(403).body("code", equalTo("forbidden"));
        Api.as(OTHER).contentType(ContentType.JSON).body(Map.of("target", OWNER + "/app:evil"))
                .post("/api/v1/images/busybox/tag").then().statusCode(403).body("detail", containsString(OTHER + "/*"));
        Api.as(OTHER).contentType(ContentType.JSON).body(Map.of("target", OTHER + "/busybox:mine"))
                .post("/api/v1/images/busybox/tag").then().statusCode(201);
        Api.as(OWNER).contentType(ContentType.JSON).body(Map.of("target", OWNER + "/app:v3"))
                .post("/api/v1/images/" + OWNER + "/absent:v1/tag").then().statusCode(404)
                .body("code", equalTo("image-not-found"));
        Api.as(OWNER).contentType(ContentType.JSON).body(Map.of("target", "Bad"))
                .post("/api/v1/images/" + OWNER + "/app:v1/tag").then().statusCode(400)
                .body("code", equalTo("invalid-reference"));
    }

    @Test
    void rmiUntagsThenDeletesTheLastNameAndRefusesWhileAJobUsesIt() {
        Api.as(OWNER).contentType(ContentType.JSON).body(Map.of("target", OWNER + "/rm:a"))
                .post("/api/v1/images/" + OWNER + "/app:v1/tag").then().statusCode(201);
        Api.as(OWNER).contentType(ContentType.JSON).body(Map.of("target", OWNER + "/rm:b"))
                .post("/api/v1/images/" + OWNER + "/app:v1/tag").then().statusCode(201);
        Api.as(OTHER).delete("/api/v1/images/" + OWNER + "/rm:a").then().statusCode(403);
        Api.as(OWNER).delete("/api/v1/images/" + OWNER + "/rm:a").then().statusCode(200)
                .body("untagged", equalTo(List.of(OWNER + "/rm:a"))).body("deleted", empty());
        String job = Api.as(OWNER).contentType(ContentType.JSON).body(Map.of("image", OWNER + "/rm:b"))
                .post("/api/v1/runs").then().statusCode(202).extract().path("id");
        Api.as(OWNER).delete("/api/v1/images/" + OWNER + "/rm:b").then().statusCode(409)
                .body("code", equalTo("image-in-use"));
        Api.as(OWNER).delete("/api/v1/images/" + OWNER + "/rm:b?force=true").then().statusCode(200)
                .body("untagged[0]", equalTo(OWNER + "/rm:b"))
                .body("untagged[1]", startsWith(OWNER + "/rm@sha256:"))
                .body("deleted[0]", startsWith("sha256:"));
        Api.as(OWNER).get("/api/v1/images?reference=" + OWNER + "/rm").then().statusCode(200).body("$", empty());
        Api.as(OWNER).delete("/api/v1/images/" + OWNER + "/rm:b").then().statusCode(404)
                .body("code", equalTo("image-not-found"));
        Api.as(OWNER).delete("/api/v1/jobs/" + job).then().statusCode(200);
    }

    @Test
    void searchIsUnavailableUntilRegistrySyncAnswers() {
        Api.as(OWNER).get("/api/v1/search?q=sinatra").then().statusCode(503)
                .contentType("application/problem+json").body("code", equalTo("search-unavailable"));
        Api.as(OWNER).get("/api/v1/search").then().statusCode(400).body("code", equalTo("invalid-request"));
    }
}
