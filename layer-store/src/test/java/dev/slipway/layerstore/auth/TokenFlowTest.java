package dev.slipway.layerstore.auth;

import static dev.slipway.layerstore.support.Blobs.imageManifest;
import static dev.slipway.layerstore.support.Blobs.random;
import static dev.slipway.layerstore.support.Blobs.repo;
import static dev.slipway.layerstore.support.Blobs.v2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.slipway.common.oci.Digest;
import dev.slipway.layerstore.support.TokenRealm;
import dev.slipway.layerstore.support.TokenRealm.Key;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The registry token flow on {@code /v2} as a client meets it: challenges, refused tokens, per-action checks, mounts,
 * the filtered catalog and key rotation, against tokens from the {@link TokenRealm} test double.
 */
@QuarkusTest
@QuarkusTestResource(value = TokenRealm.class, restrictToAnnotatedClass = true)
class TokenFlowTest {

    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    @BeforeEach
    void noRules() {
        TokenRealm.reset();
    }

    private static RequestSpecification as(String token) {
        return v2().header("Authorization", "Bearer " + token);
    }

    private static String everything(String repository) {
        return TokenRealm.token(TokenRealm.USER).grant(repository, "pull", "push", "delete").build();
    }

    private static String challenge(String scope) {
        return "Bearer realm=\"" + TokenRealm.realm() + "\",service=\"" + TokenRealm.SERVICE + "\""
                + (scope == null ? "" : ",scope=\"" + scope + "\"");
    }

    /** Pushes a config and a layer and a manifest naming them; returns the manifest digest. */
    private static Digest image(String repository, String token, String tag) {
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
        byte[] layer = random(4096);
        for (byte[] blob : List.of(config, layer)) {
            as(token).contentType("application/octet-stream").body(blob)
                    .post("/v2/" + repository + "/blobs/uploads/?digest=" + Digest.sha256(blob))
                    .then().statusCode(201);
        }
        byte[] manifest = imageManifest(Digest.sha256(config), config.length, Digest.sha256(layer), layer.length)
                .getBytes(StandardCharsets.UTF_8);
        as(token).contentType(OCI_MANIFEST).body(manifest).put("/v2/" + repository + "/manifests/" + tag)
                .then().statusCode(201);
        return Digest.sha256(manifest);
    }

    @Test
    void baseEndpointChallengesWithoutATokenAndAnswersAnyValidOne() {
        v2().get("/v2/").then().statusCode(401)
                .header("WWW-Authenticate", challenge(null))
                .header("Docker-Distribution-API-Version", "registry/2.0")
                .body("errors[0].code", equalTo("UNAUTHORIZED"));
        as(TokenRealm.token("nobody").build()).get("/v2/").then().statusCode(200)
                .header("Docker-Distribution-API-Version", "registry/2.0");
    }

    @Test
    void requestsWithoutATokenAreChallengedWithTheScopeTheyNeed() {
        String repository = repo("ouruser/app");
        v2().post("/v2/" + repository + "/blobs/uploads/").then().statusCode(401)
                .header("WWW-Authenticate", challenge("repository:" + repository + ":pull,push"))
                .body("errors[0].code", equalTo("UNAUTHORIZED"));
        v2().contentType(OCI_MANIFEST).body("{}").put("/v2/" + repository + "/manifests/v1").then().statusCode(401)
                .header("WWW-Authenticate", challenge("repository:" + repository + ":pull,push"));
        v2().get("/v2/" + repository + "/manifests/v1").then().statusCode(401)
                .header("WWW-Authenticate", challenge("repository:" + repository + ":pull"));
        v2().head("/v2/" + repository + "/manifests/v1").then().statusCode(401)
                .header("WWW-Authenticate", challenge("repository:" + repository + ":pull"));
        v2().delete("/v2/" + repository + "/manifests/v1").then().statusCode(401)
                .header("WWW-Authenticate", challenge("repository:" + repository + ":delete"));
        v2().get("/v2/" + repository + "/tags/list").then().statusCode(401)
                .header("WWW-Authenticate", challenge("repository:" + repository + ":pull"));
        v2().get("/v2/_catalog").then().statusCode(401)
                .header("WWW-Authenticate", challenge("registry:catalog:*"));
        // Basic credentials are for the realm, not the registry: still a challenge
        v2().auth().preemptive().basic(TokenRealm.USER, TokenRealm.PASSWORD)
                .get("/v2/" + repository + "/tags/list").then().statusCode(401)
                .header("WWW-Authenticate", challenge("repository:" + repository + ":pull"));
    }

    @Test
    void badTokensAreRefusedAsInvalid() {
        String repository = repo("ouruser/bad");
        Digest manifest = image(repository, everything(repository), "v1");
        String path = "/v2/" + repository + "/manifests/" + manifest;
        as(TokenRealm.token(TokenRealm.USER).grant(repository, "pull").build()).get(path).then().statusCode(200);

        List<String> bad = List.of(
                TokenRealm.token(TokenRealm.USER).grant(repository, "pull")
                        .valid(Duration.ofMinutes(-10), Duration.ofMinutes(5)).build(),
                TokenRealm.token(TokenRealm.USER).grant(repository, "pull")
                        .valid(Duration.ofMinutes(10), Duration.ofMinutes(5)).build(),
                TokenRealm.token(TokenRealm.USER).grant(repository, "pull")
                        .signedWith(Key.generate()).kid(TokenRealm.signingKey().kid()).build(),
                TokenRealm.token(TokenRealm.USER).grant(repository, "pull").signedWith(Key.generate()).build(),
                TokenRealm.token(TokenRealm.USER).grant(repository, "pull").audience("another-registry").build(),
                TokenRealm.token(TokenRealm.USER).grant(repository, "pull").issuer("someone-else").build(),
                "not-a-jwt",
                "e30.e30.e30");
        for (String token : bad) {
            as(token).get(path).then().statusCode(401)
                    .header("WWW-Authenticate",
                            challenge("repository:" + repository + ":pull") + ",error=\"invalid_token\"")
                    .body("errors[0].code", equalTo("UNAUTHORIZED"));
        }
    }

    @Test
    void aPullOnlyTokenCannotWriteAndNothingIsStored() {
        String repository = repo("ouruser/readonly");
        String full = everything(repository);
        image(repository, full, "v1");
        String pullOnly = TokenRealm.token(TokenRealm.USER).grant(repository, "pull").build();
        byte[] blob = random(2048);
        Digest digest = Digest.sha256(blob);

        as(pullOnly).post("/v2/" + repository + "/blobs/uploads/").then().statusCode(403)
                .body("errors[0].code", equalTo("DENIED"));
        as(pullOnly).contentType("application/octet-stream").body(blob)
                .post("/v2/" + repository + "/blobs/uploads/?digest=" + digest).then().statusCode(403)
                .body("errors[0].code", equalTo("DENIED"));
        String session = as(full).post("/v2/" + repository + "/blobs/uploads/").then().statusCode(202)
                .extract().header("Location");
        as(pullOnly).contentType("application/octet-stream").body(blob).patch(session).then().statusCode(403)
                .body("errors[0].code", equalTo("DENIED"));
        as(pullOnly).contentType("application/octet-stream").body(blob).put(session + "?digest=" + digest)
                .then().statusCode(403).body("errors[0].code", equalTo("DENIED"));
        as(pullOnly).contentType(OCI_MANIFEST).body("{}").put("/v2/" + repository + "/manifests/v2")
                .then().statusCode(403).body("errors[0].code", equalTo("DENIED"));

        as(full).head("/v2/" + repository + "/blobs/" + digest).then().statusCode(404);
        as(full).get("/v2/" + repository + "/manifests/v2").then().statusCode(404);
        as(pullOnly).get("/v2/" + repository + "/manifests/v1").then().statusCode(200);
        as(full).get(session).then().statusCode(204).header("Range", "0-0"); // the refused chunk left nothing
    }

    @Test
    void deletingNeedsTheDeleteAction() {
        String repository = repo("ouruser/del");
        Digest manifest = image(repository, everything(repository), "v1");
        String pullPush = TokenRealm.token(TokenRealm.USER).grant(repository, "pull", "push").build();

        as(pullPush).delete("/v2/" + repository + "/manifests/" + manifest).then().statusCode(403)
                .body("errors[0].code", equalTo("DENIED"));
        as(pullPush).get("/v2/" + repository + "/manifests/v1").then().statusCode(200);
        as(TokenRealm.token(TokenRealm.USER).grant(repository, "delete").build())
                .delete("/v2/" + repository + "/manifests/" + manifest).then().statusCode(202);
        as(pullPush).get("/v2/" + repository + "/manifests/v1").then().statusCode(404);
    }

    @Test
    void aMountNeedsPullOnTheSourceElseItIsAnUpload() {
        String source = repo("someone/src");
        String target = repo("ouruser/dst");
        byte[] blob = random(3000);
        Digest digest = Digest.sha256(blob);
        as(everything(source)).contentType("application/octet-stream").body(blob)
                .post("/v2/" + source + "/blobs/uploads/?digest=" + digest).then().statusCode(201);
        String mount = "/v2/" + target + "/blobs/uploads/?mount=" + digest + "&from=" + source;

        String pushOnly = TokenRealm.token(TokenRealm.USER).grant(target, "pull", "push").build();
        as(pushOnly).post(mount).then().statusCode(202)
                .header("Location", startsWith("/v2/" + target + "/blobs/uploads/"));
        as(pushOnly).post("/v2/" + target + "/blobs/uploads/?mount=" + digest).then().statusCode(202);
        as(pushOnly).head("/v2/" + target + "/blobs/" + digest).then().statusCode(404);

        String withSource = TokenRealm.token(TokenRealm.USER).grant(target, "pull", "push").grant(source, "pull")
                .build();
        as(withSource).post(mount).then().statusCode(201)
                .header("Location", "/v2/" + target + "/blobs/" + digest);
        as(pushOnly).head("/v2/" + target + "/blobs/" + digest).then().statusCode(200);

        as(TokenRealm.token(TokenRealm.USER).grant(target, "pull").grant(source, "pull").build()).post(mount)
                .then().statusCode(403).body("errors[0].code", equalTo("DENIED"));
    }

    @Test
    void theCatalogListsOnlyWhatTheTokenMayPull() {
        String prefix = repo("catalog").replace('/', '-');
        List<String> mine = List.of(prefix + "/mine/a", prefix + "/mine/b", prefix + "/mine/c");
        String theirs = prefix + "/theirs/x";
        for (String repository : List.of(mine.get(0), mine.get(1), mine.get(2), theirs)) {
            byte[] blob = random(100);
            as(everything(repository)).contentType("application/octet-stream").body(blob)
                    .post("/v2/" + repository + "/blobs/uploads/?digest=" + Digest.sha256(blob))
                    .then().statusCode(201);
        }
        String token = TokenRealm.token(TokenRealm.USER).catalog(prefix + "/mine/*").build();

        List<String> listed = as(token).get("/v2/_catalog").then().statusCode(200)
                .extract().jsonPath().getList("repositories", String.class);
        assertThat(listed).containsExactlyElementsOf(mine);

        Response first = as(token).get("/v2/_catalog?n=2");
        first.then().statusCode(200).header("Link", startsWith("</v2/_catalog?n=2&last="));
        assertThat(first.jsonPath().getList("repositories", String.class)).isEqualTo(mine.subList(0, 2));
        assertThat(as(token).get("/v2/_catalog?n=2&last=" + mine.get(1)).jsonPath()
                .getList("repositories", String.class)).isEqualTo(mine.subList(2, 3));

        assertThat(as(TokenRealm.token(TokenRealm.USER).catalog().build()).get("/v2/_catalog").jsonPath()
                .getList("repositories", String.class)).isEmpty();
        as(TokenRealm.token(TokenRealm.USER).grant(mine.get(0), "pull").build()).get("/v2/_catalog")
                .then().statusCode(403).body("errors[0].code", equalTo("DENIED"));
    }

    @Test
    void aCallerWithoutPullCannotTellWhetherARepositoryExists() {
        String existing = repo("private/app");
        image(existing, everything(existing), "v1");
        String missing = repo("private/app");
        String stranger = TokenRealm.token("stranger").grant(repo("stranger/own"), "pull", "push").build();

        for (String path : List.of("/manifests/v1", "/tags/list", "/blobs/sha256:" + "a".repeat(64))) {
            Response there = as(stranger).get("/v2/" + existing + path);
            Response notThere = as(stranger).get("/v2/" + missing + path);
            assertThat(there.statusCode()).isEqualTo(403).isEqualTo(notThere.statusCode());
            assertThat(there.jsonPath().getString("errors[0].code")).isEqualTo("DENIED")
                    .isEqualTo(notThere.jsonPath().getString("errors[0].code"));
            assertThat(v2().get("/v2/" + existing + path).statusCode()).isEqualTo(401)
                    .isEqualTo(v2().get("/v2/" + missing + path).statusCode());
        }
    }

    @Test
    void anEncodedSlashCannotSmuggleAnotherRepositoryPastTheCheck() {
        String repository = repo("ouruser/enc");
        image(repository, everything(repository), "v1");
        String encoded = repository.replace("/", "%2F");
        String other = TokenRealm.token(TokenRealm.USER).grant(encoded, "pull").build();
        as(other).get("/v2/" + encoded + "/manifests/v1").then().statusCode(403)
                .body("errors[0].code", equalTo("DENIED"));
        as(other).get("/v2/" + encoded.replace("%2F", "/") + "/manifests/v1").then().statusCode(403);
    }

    @Test
    void aRotatedKeyIsPickedUpFromTheJwks() throws InterruptedException {
        String old = TokenRealm.token(TokenRealm.USER).build();
        as(old).get("/v2/").then().statusCode(200);
        Key previous = TokenRealm.signingKey();
        TokenRealm.rotateTo(Key.generate());
        try {
            String rotated = TokenRealm.token(TokenRealm.USER).build();
            assertThat(rotated.split("\\.")[0]).isNotEqualTo(old.split("\\.")[0]);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int status = as(rotated).get("/v2/").statusCode();
            // A fetch within the refetch interval (2 s in tests) may have happened just before: poll.
            while (status != 200 && System.nanoTime() < deadline) {
                Thread.sleep(200);
                status = as(rotated).get("/v2/").statusCode();
            }
            assertThat(status).isEqualTo(200);
            as(TokenRealm.token(TokenRealm.USER).signedWith(previous).build()).get("/v2/").then().statusCode(200);
        } finally {
            TokenRealm.rotateTo(previous);
        }
    }

    @Test
    void madeUpKeyIdsDoNotMakeTheRegistryHammerTheIssuer() throws InterruptedException {
        as(TokenRealm.token(TokenRealm.USER).build()).get("/v2/").then().statusCode(200); // keys known
        // An unknown kid makes the registry look for a rotated key, once the refetch interval (2 s) has passed.
        int before = TokenRealm.jwksFetches();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (TokenRealm.jwksFetches() == before && System.nanoTime() < deadline) {
            as(TokenRealm.token(TokenRealm.USER).kid("made-up").build()).get("/v2/").then().statusCode(401);
            Thread.sleep(100);
        }
        assertThat(TokenRealm.jwksFetches()).as("the JWKS is fetched again for an unknown kid").isGreaterThan(before);

        int after = TokenRealm.jwksFetches();
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            as(TokenRealm.token(TokenRealm.USER).kid("made-up-" + i).build()).get("/v2/").then().statusCode(401)
                    .header("WWW-Authenticate", challenge(null) + ",error=\"invalid_token\"");
        }
        long intervals = Duration.ofNanos(System.nanoTime() - start).toSeconds() / 2;
        assertThat(TokenRealm.jwksFetches() - after).isLessThanOrEqualTo((int) intervals + 1);
    }

    @Test
    void aBurstOfTokensSignedWithANewKeyWaitsForTheOneSlowKeyFetch() throws Exception {
        Key previous = TokenRealm.signingKey();
        TokenRealm.rotateTo(Key.generate());
        TokenRealm.slowJwks(Duration.ofMillis(1500));
        Thread.sleep(2500); // past the refetch interval (2 s in tests): the burst's first request starts a fetch
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> burst = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String token = TokenRealm.token(TokenRealm.USER).build(); // each its own string: no cache hit
                burst.add(() -> as(token).get("/v2/").statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> status : pool.invokeAll(burst)) {
                statuses.add(status.get());
            }
            assertThat(statuses).containsOnly(200);
        } finally {
            pool.shutdownNow();
            TokenRealm.slowJwks(Duration.ZERO);
            TokenRealm.rotateTo(previous);
        }
    }

}
