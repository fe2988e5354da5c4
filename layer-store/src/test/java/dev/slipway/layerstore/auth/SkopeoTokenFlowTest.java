package dev.slipway.layerstore.auth;

import static dev.slipway.layerstore.support.Blobs.repo;
import static dev.slipway.layerstore.support.Blobs.v2;
import static dev.slipway.layerstore.support.Tools.registry;
import static dev.slipway.layerstore.support.Tools.run;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.layerstore.support.TokenRealm;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The token flow as skopeo drives it: {@code skopeo login} against the realm the challenge names, then pushes and
 * pulls with the tokens the realm grants, including anonymous pulls of a public repository. Credentials live in a
 * per-test auth file, never in the machine's.
 */
@QuarkusTest
@QuarkusTestResource(value = TokenRealm.class, restrictToAnnotatedClass = true)
class SkopeoTokenFlowTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Path work;
    private Path authfile;

    @BeforeEach
    void workspace() throws IOException {
        TokenRealm.reset();
        work = Files.createDirectories(Path.of("target/auth-clients-test", UUID.randomUUID().toString()).toAbsolutePath());
        authfile = work.resolve("auth.json");
    }

    /** A one-layer busybox image in an OCI layout, built with umoci. */
    private Path busybox() throws IOException {
        Path layout = work.resolve("layout");
        run(work, "umoci", "init", "--layout", layout.toString());
        run(work, "umoci", "new", "--image", layout + ":v1");
        Path rootfs = Files.createDirectories(work.resolve("rootfs/bin"));
        Files.copy(Path.of("/bin/busybox"), rootfs.resolve("busybox"));
        run(work, "umoci", "insert", "--image", layout + ":v1", work.resolve("rootfs").toString(), "/");
        return layout;
    }

    private void login() {
        String output = run(work, "skopeo", "login", "--tls-verify=false", "--authfile", authfile.toString(),
                "-u", TokenRealm.USER, "-p", TokenRealm.PASSWORD, registry());
        assertThat(output).contains("Login Succeeded");
    }

    private String push(Path layout, String repository) {
        return run(work, "skopeo", "copy", "--authfile", authfile.toString(), "--dest-tls-verify=false",
                "oci:" + layout + ":v1", "docker://" + registry() + "/" + repository + ":v1");
    }

    /** What an administrator sees of a repository's tags (status of {@code tags/list}). */
    private static int tagsStatus(String repository) {
        return v2().header("Authorization", "Bearer " + TokenRealm.token("admin").grant(repository, "pull").build())
                .get("/v2/" + repository + "/tags/list").statusCode();
    }

    @Test
    void loginThenCopyIntoAnAllowedRepositorySucceeds() throws IOException {
        TokenRealm.allow(TokenRealm.USER, TokenRealm.USER + "/*", "pull", "push", "delete");
        Path layout = busybox();
        String repository = repo(TokenRealm.USER + "/busybox");

        login();
        push(layout, repository);

        JsonNode inspected = JSON.readTree(run(work, "skopeo", "inspect", "--authfile", authfile.toString(),
                "--tls-verify=false", "docker://" + registry() + "/" + repository + ":v1"));
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        assertThat(inspected.get("Digest").asText()).isEqualTo(index.get("manifests").get(0).get("digest").asText());
        run(work, "skopeo", "copy", "--authfile", authfile.toString(), "--src-tls-verify=false",
                "docker://" + registry() + "/" + repository + ":v1", "oci:" + work.resolve("back") + ":v1");
        assertThat(work.resolve("back/index.json")).exists();
    }

    @Test
    void copyIntoAnotherNamespaceIsDeniedAndStoresNothing() throws IOException {
        TokenRealm.allow(TokenRealm.USER, TokenRealm.USER + "/*", "pull", "push", "delete");
        Path layout = busybox();
        String repository = repo("otheruser/busybox");

        login();
        Attempt copy = attempt("skopeo", "copy", "--authfile", authfile.toString(), "--dest-tls-verify=false",
                "oci:" + layout + ":v1", "docker://" + registry() + "/" + repository + ":v1");

        assertThat(copy.exit()).as(copy.output()).isNotZero();
        // skopeo's first call is a HEAD, whose 403 has no body to name DENIED in
        assertThat(copy.output()).containsAnyOf("denied", "403");
        assertThat(tagsStatus(repository)).isEqualTo(404);
        // the same token skopeo got from the realm, used for the upload itself: DENIED
        String token = given().auth().preemptive()
                .basic(TokenRealm.USER, TokenRealm.PASSWORD)
                .queryParam("service", TokenRealm.SERVICE)
                .queryParam("scope", "repository:" + repository + ":pull,push")
                .get(TokenRealm.realm()).then().statusCode(200).extract().path("token");
        v2().header("Authorization", "Bearer " + token).post("/v2/" + repository + "/blobs/uploads/")
                .then().statusCode(403).body("errors[0].code", equalTo("DENIED"));
        v2().header("Authorization", "Bearer " + TokenRealm.token("admin").catalog("otheruser/*").build())
                .get("/v2/_catalog").then().statusCode(200)
                .body("repositories.findAll { it == '" + repository + "' }.size()", equalTo(0));
    }

    @Test
    void pushWithoutCredentialsFailsAndStoresNothing() throws IOException {
        TokenRealm.allow(TokenRealm.USER, TokenRealm.USER + "/*", "pull", "push", "delete");
        Path layout = busybox();
        String repository = repo(TokenRealm.USER + "/anon");

        Attempt copy = attempt("skopeo", "copy", "--dest-no-creds", "--dest-tls-verify=false",
                "oci:" + layout + ":v1", "docker://" + registry() + "/" + repository + ":v1");

        assertThat(copy.exit()).as(copy.output()).isNotZero();
        // The realm hands anonymous callers a token that grants nothing here: the push is refused.
        assertThat(copy.output()).containsAnyOf("denied", "403");
        assertThat(tagsStatus(repository)).isEqualTo(404);
    }

    @Test
    void aPublicRepositoryIsPulledAnonymouslyAndAPrivateOneIsNot() throws IOException {
        String publicRepository = repo("public/busybox");
        String privateRepository = repo(TokenRealm.USER + "/private");
        TokenRealm.allow(TokenRealm.USER, "public/*", "pull", "push");
        TokenRealm.allow(TokenRealm.USER, TokenRealm.USER + "/*", "pull", "push");
        TokenRealm.allowAnyone("public/*", "pull");
        Path layout = busybox();
        login();
        push(layout, publicRepository);
        push(layout, privateRepository);

        run(work, "skopeo", "copy", "--src-no-creds", "--src-tls-verify=false",
                "docker://" + registry() + "/" + publicRepository + ":v1", "oci:" + work.resolve("public") + ":v1");
        assertThat(work.resolve("public/index.json")).exists();

        Attempt denied = attempt("skopeo", "copy", "--src-no-creds", "--src-tls-verify=false",
                "docker://" + registry() + "/" + privateRepository + ":v1", "oci:" + work.resolve("private") + ":v1");
        assertThat(denied.exit()).as(denied.output()).isNotZero();
        assertThat(denied.output()).containsAnyOf("denied", "403");
    }

    @Test
    void aWrongPasswordIsRefusedByTheRealm() {
        Attempt login = attempt("skopeo", "login", "--tls-verify=false", "--authfile", authfile.toString(),
                "-u", TokenRealm.USER, "-p", "wrong", registry());
        assertThat(login.exit()).as(login.output()).isNotZero();
        assertThat(authfile).doesNotExist();
    }

    /** A command's exit status and output, for commands expected to fail. */
    private record Attempt(int exit, String output) {
    }

    private Attempt attempt(String... command) {
        try {
            Process process = new ProcessBuilder(List.of(command)).directory(work.toFile()).redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("%s finished in time", command[0]).isTrue();
            return new Attempt(process.exitValue(), output);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
