package dev.slipway.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.slipway.gateway.support.Api;
import dev.slipway.gateway.support.Eventually;
import dev.slipway.gateway.support.GatewayTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Docker's token flow end to end with an independent client: skopeo against the real layer-store, which sends it to
 * this gateway's token endpoint. Logged-in users push into their own namespace and nowhere else; robots within their
 * patterns; anonymous callers pull public repositories only.
 */
@QuarkusTest
@WithTestResource(value = GatewayTestResource.class,
        initArgs = @ResourceArg(name = GatewayTestResource.LAYER_STORE, value = "jar"))
class RegistryLoginFlowTest {

    private static final String USER = "flowuser";
    private static final String OTHER = "flowother";
    private static Path work;
    private static Path layout;

    @BeforeAll
    static void buildImage() throws Exception {
        work = Files.createTempDirectory("gateway-flow-");
        layout = work.resolve("oci");
        run("umoci", "init", "--layout", layout.toString());
        run("umoci", "new", "--image", layout + ":v1");
        Path bundle = work.resolve("bundle");
        run("umoci", "unpack", "--image", layout + ":v1", bundle.toString());
        Files.writeString(bundle.resolve("rootfs/hello"), "hello from the flow test\n");
        run("umoci", "repack", "--image", layout + ":v1", bundle.toString());
    }

    private static String registry() {
        return ConfigProvider.getConfig().getValue("gateway.layer-store-url", String.class).replace("http://", "");
    }

    private static Result skopeo(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("skopeo"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        return new Result(process.waitFor(), output);
    }

    private record Result(int status, String output) {
    }

    private static Result push(String target, String... auth) throws Exception {
        List<String> args = new ArrayList<>(List.of("copy", "--dest-tls-verify=false"));
        args.addAll(List.of(auth));
        args.add("oci:" + layout + ":v1");
        args.add("docker://" + registry() + "/" + target);
        return skopeo(args.toArray(String[]::new));
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
    }

    /** Gets a token as the client would (token endpoint, Basic) and starts an upload with it. */
    private static HttpResponse<String> startUpload(String name, String secret, String repository) throws Exception {
        String token = given().auth().preemptive().basic(name, secret).queryParam("service", "slipway-registry")
                .queryParam("scope", "repository:" + repository + ":pull,push")
                .get("/api/v1/token").then().statusCode(200).extract().path("token");
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://" + registry() + "/v2/" + repository + "/blobs/uploads/"))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** @return the repositories the admin sees through the gateway: what the layer-store really holds */
    private static List<String> stored() {
        return Api.as("admin").get("/api/v1/images").then().statusCode(200).extract().path("repository");
    }

    @Test
    void loggedInUserPushesIntoItsOwnNamespaceOnly() throws Exception {
        Api.token(OTHER);
        Path authfile = work.resolve("auth-" + USER + ".json");
        Result login = skopeo("login", "--tls-verify=false", "--authfile", authfile.toString(),
                "-u", USER, "-p", Api.token(USER), registry());
        assertThat(login.status()).as(login.output()).isZero();
        assertThat(login.output()).contains("Login Succeeded");

        Result own = push(USER + "/app:v1", "--authfile", authfile.toString());
        assertThat(own.status()).as(own.output()).isZero();
        Result inspect = skopeo("inspect", "--tls-verify=false", "--authfile", authfile.toString(),
                "docker://" + registry() + "/" + USER + "/app:v1");
        assertThat(inspect.status()).as(inspect.output()).isZero();

        for (String forbidden : List.of(OTHER + "/app", "library/evil")) {
            Result denied = push(forbidden + ":v1", "--authfile", authfile.toString());
            assertThat(denied.status()).as(denied.output()).isNotZero();
            // Refused at skopeo's first HEAD (no body: "403") without pull, at the upload ("denied") with pull only.
            assertThat(denied.output()).containsAnyOf("403 (Forbidden)", "denied:");
            assertThat(startUpload(USER, Api.token(USER), forbidden)).satisfies(r -> {
                assertThat(r.statusCode()).isEqualTo(403);
                assertThat(r.body()).contains("DENIED");
            });
        }
        assertThat(stored()).contains(USER + "/app").doesNotContain(OTHER + "/app", "library/evil");
    }

    @Test
    void aWrongPasswordFailsTheLogin() throws Exception {
        Result login = skopeo("login", "--tls-verify=false", "--authfile", work.resolve("auth-wrong.json").toString(),
                "-u", USER, "-p", "slp_wrong", registry());
        assertThat(login.status()).as(login.output()).isNotZero();
        assertThat(login.output()).contains("invalid username/password");
    }

    @Test
    void withoutCredentialsPushAndPrivatePullAreChallenged() throws Exception {
        Result anonymous = push(USER + "/anon:v1", "--dest-no-creds");
        assertThat(anonymous.status()).as(anonymous.output()).isNotZero();
        assertThat(stored()).doesNotContain(USER + "/anon");

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://" + registry() + "/v2/" + USER + "/app/manifests/v1")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"http://127.0.0.1:" + port
                + "/api/v1/token\",service=\"slipway-registry\",scope=\"repository:" + USER + "/app:pull\"");
        assertThat(response.body()).contains("UNAUTHORIZED");
    }

    @Test
    void publicRepositoriesArePulledAnonymously() throws Exception {
        Result pushed = push(USER + "/site:v1", "--dest-creds", USER + ":" + Api.token(USER));
        assertThat(pushed.status()).as(pushed.output()).isZero();
        String image = "docker://" + registry() + "/" + USER + "/site:v1";
        Result privatePull = skopeo("inspect", "--tls-verify=false", "--no-creds", image);
        assertThat(privatePull.status()).as(privatePull.output()).isNotZero();

        Api.as(USER).contentType(ContentType.JSON).body(Map.of("public", true))
                .put("/api/v1/repositories/" + USER + "/site/visibility").then().statusCode(200);
        Result publicPull = skopeo("inspect", "--tls-verify=false", "--no-creds", image);
        assertThat(publicPull.status()).as(publicPull.output()).isZero();
        Result copied = skopeo("copy", "--src-tls-verify=false", "--src-no-creds", image,
                "oci:" + work.resolve("pulled") + ":v1");
        assertThat(copied.status()).as(copied.output()).isZero();
    }

    @Test
    void robotsPushWithinTheirPatternsOnly() throws Exception {
        String secret = Api.as(USER).contentType(ContentType.JSON)
                .body(Map.of("name", "ci", "repositories", List.of(USER + "/ci-*"), "actions", List.of("pull", "push"),
                        "expiresInDays", 1))
                .post("/api/v1/robots").then().statusCode(201).extract().path("token");
        String creds = "robot$" + USER + "+ci:" + secret;
        Result inside = push(USER + "/ci-app:v1", "--dest-creds", creds);
        assertThat(inside.status()).as(inside.output()).isZero();
        Result outside = push(USER + "/other:v1", "--dest-creds", creds);
        assertThat(outside.status()).as(outside.output()).isNotZero();
        assertThat(outside.output()).containsAnyOf("403 (Forbidden)", "denied:");
        assertThat(startUpload("robot$" + USER + "+ci", secret, USER + "/other").body()).contains("DENIED");

        Api.as(USER).delete("/api/v1/robots/robot$" + USER + "+ci").then().statusCode(204);
        Result revoked = push(USER + "/ci-app:v2", "--dest-creds", creds);
        assertThat(revoked.status()).as(revoked.output()).isNotZero();
        given().auth().oauth2(Api.token(USER)).get("/api/v1/images?reference=" + USER + "/ci-app").then()
                .statusCode(200).body("tag", hasItem("v1")).body("tag", not(hasItem("v2")));
    }

    @Test
    void theCatalogListsExactlyWhatTheUserMayPull() throws Exception {
        Api.token(OTHER);
        String admin = "admin:" + Api.adminToken();
        for (String image : List.of("training/sinatra:latest", "busybox:latest", OTHER + "/secret:v1")) {
            Result pushed = push(image, "--dest-creds", admin);
            assertThat(pushed.status()).as(pushed.output()).isZero();
        }
        Result own = push(USER + "/listed:v1", "--dest-creds", USER + ":" + Api.token(USER));
        assertThat(own.status()).as(own.output()).isZero();

        // The system-owned namespaces are re-read from the registry at most every 30 s.
        Eventually.within(Duration.ofSeconds(60), () -> {
            String token = given().auth().preemptive().basic(USER, Api.token(USER))
                    .queryParam("service", "slipway-registry").queryParam("scope", "registry:catalog:*")
                    .get("/api/v1/token").then().statusCode(200).extract().path("token");
            HttpResponse<String> catalog = get("/v2/_catalog", token);
            assertThat(catalog.statusCode()).isEqualTo(200);
            assertThat(catalog.body()).contains("\"training/sinatra\"", "\"busybox\"", "\"" + USER + "/listed\"")
                    .doesNotContain(OTHER + "/secret");
        });
    }

    private static HttpResponse<String> get(String path, String token) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + registry() + path))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theGatewaysOwnLayerStoreCallsCarryItsTokens() {
        // Tagging copies a manifest between repositories through /v2: only works if the gateway authenticates.
        Api.token(USER);
        Result pushed;
        try {
            pushed = push(USER + "/tagme:v1", "--dest-creds", USER + ":" + Api.token(USER));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(pushed.status()).as(pushed.output()).isZero();
        Api.as(USER).contentType(ContentType.JSON).body(Map.of("target", USER + "/tagged:v2"))
                .post("/api/v1/images/" + USER + "/tagme:v1/tag").then().statusCode(201);
        Api.as(USER).get("/api/v1/images?reference=" + USER + "/tagged:v2").then().statusCode(200)
                .body("[0].tag", equalTo("v2"));
    }
}
