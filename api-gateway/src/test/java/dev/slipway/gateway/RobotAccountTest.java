package dev.slipway.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.slipway.gateway.support.Api;
import dev.slipway.gateway.support.GatewayTestResource;
import dev.slipway.gateway.support.Jwts;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

/** Robot accounts: created within the creator's rights, granted only their patterns, expiring and revocable. */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class RobotAccountTest {

    private static ValidatableResponse create(String as, Map<String, Object> body) {
        return Api.as(as).contentType(ContentType.JSON).body(body).post("/api/v1/robots").then();
    }

    private static Map<String, Object> robot(String name, List<String> repositories, List<String> actions) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("repositories", repositories);
        body.put("actions", actions);
        body.put("expiresInDays", 30);
        return body;
    }

    private static ValidatableResponse tokenAs(String robot, String secret, String... scopes) {
        return given().auth().preemptive().basic(robot, secret)
                .queryParam("service", "slipway-registry").queryParam("scope", (Object[]) scopes)
                .get("/api/v1/token").then();
    }

    private static Map<String, List<String>> grantedTo(String robot, String secret, String... scopes) throws Exception {
        String jwt = tokenAs(robot, secret, scopes).statusCode(200).extract().path("token");
        JwtClaims claims = Jwts.verify(jwt);
        assertThat(claims.getSubject()).isEqualTo(robot);
        return Jwts.access(claims);
    }

    @Test
    void aUsersRobotGetsOnlyWhatItsPatternsAndActionsAllow() throws Exception {
        Instant before = Instant.now();
        var created = create("rbalice", robot("ci", List.of("rbalice/ci-*"), List.of("pull", "push")))
                .statusCode(201)
                .body("name", equalTo("robot$rbalice+ci"))
                .body("token", startsWith("slr_"))
                .body("repositories", equalTo(List.of("rbalice/ci-*")))
                .body("actions", equalTo(List.of("pull", "push")))
                .body("createdBy", equalTo("rbalice"))
                .extract();
        Instant expires = Instant.parse(created.path("expiresAt"));
        assertThat(expires).isBetween(before.plus(Duration.ofDays(30)).minusSeconds(5), Instant.now().plus(Duration.ofDays(30)));
        String secret = created.path("token");

        assertThat(grantedTo("robot$rbalice+ci", secret, "repository:rbalice/ci-app:pull,push,delete",
                "repository:rbalice/ci-tools/x:pull", "repository:rbalice/other:pull,push",
                "repository:library/ubuntu:pull", "repository:rbbob/ci-app:pull"))
                .containsExactly(
                        Map.entry("repository:rbalice/ci-app", List.of("pull", "push")),
                        Map.entry("repository:rbalice/ci-tools/x", List.of("pull")));
    }

    @Test
    void aPullOnlyRobotAskingToPushGetsPullOnly() throws Exception {
        String secret = create("rbalice", robot("reader", List.of("rbalice/*"), List.of("pull")))
                .statusCode(201).extract().path("token");
        assertThat(grantedTo("robot$rbalice+reader", secret, "repository:rbalice/app:pull,push"))
                .containsExactly(Map.entry("repository:rbalice/app", List.of("pull")));
        String jwt = tokenAs("robot$rbalice+reader", secret, "registry:catalog:*").statusCode(200).extract().path("token");
        assertThat(Jwts.verify(jwt).getStringListClaimValue("pullable")).containsExactly("rbalice/*");
    }

    @Test
    void anAdminsRobotMayReachAnyPattern() throws Exception {
        Map<String, Object> body = robot("robot$deployer", List.of("*"), List.of("pull", "push", "delete"));
        body.remove("expiresInDays");
        String secret = create("admin", body).statusCode(201)
                .body("name", equalTo("robot$deployer")).body("expiresAt", nullValue())
                .extract().path("token");
        Api.token("rbbob");
        assertThat(grantedTo("robot$deployer", secret, "repository:rbbob/app:push", "repository:library/x:delete"))
                .containsExactly(Map.entry("repository:rbbob/app", List.of("push")),
                        Map.entry("repository:library/x", List.of("delete")));
    }

    @Test
    void anExpiredRobotIsUnauthorized() throws Exception {
        String secret = create("rbalice", robot("shortlived", List.of("rbalice/*"), List.of("pull")))
                .statusCode(201).extract().path("token");
        tokenAs("robot$rbalice+shortlived", secret, "repository:rbalice/app:pull").statusCode(200);
        // Let its expiry pass the way time would.
        try (Connection c = DriverManager.getConnection(System.getenv("SLIPWAY_TEST_JDBC_URL"), "slipway", "slipway");
                PreparedStatement s = c.prepareStatement(
                        "update gateway.robots set expires_at = now() - interval '1 second' where name = ?")) {
            s.setString(1, "robot$rbalice+shortlived");
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
        tokenAs("robot$rbalice+shortlived", secret, "repository:rbalice/app:pull").statusCode(401)
                .contentType("application/problem+json").body("code", equalTo("unauthorized"));
    }

    @Test
    void aRevokedRobotIsUnauthorizedAndGoneFromTheList() {
        String secret = create("rbalice", robot("revoked", List.of("rbalice/*"), List.of("pull")))
                .statusCode(201).extract().path("token");
        tokenAs("robot$rbalice+revoked", secret, "repository:rbalice/app:pull").statusCode(200);
        Api.as("rbbob").delete("/api/v1/robots/robot$rbalice+revoked").then().statusCode(404)
                .body("code", equalTo("robot-not-found"));
        Api.as("rbalice").delete("/api/v1/robots/robot$rbalice+revoked").then().statusCode(204);
        tokenAs("robot$rbalice+revoked", secret, "repository:rbalice/app:pull").statusCode(401)
                .body("code", equalTo("unauthorized"));
        Api.as("rbalice").get("/api/v1/robots").then().statusCode(200)
                .body("name", not(hasItem("robot$rbalice+revoked")));
        Api.as("rbalice").delete("/api/v1/robots/robot$rbalice+revoked").then().statusCode(404);
    }

    @Test
    void aWrongRobotTokenIsUnauthorized() {
        create("rbalice", robot("guarded", List.of("rbalice/*"), List.of("pull"))).statusCode(201);
        tokenAs("robot$rbalice+guarded", "slr_wrong", "repository:rbalice/app:pull").statusCode(401);
        tokenAs("robot$nobody", "slr_wrong", "repository:rbalice/app:pull").statusCode(401);
    }

    @Test
    void robotTokensAreNotApiTokens() {
        String secret = create("rbalice", robot("apiless", List.of("rbalice/*"), List.of("pull", "push")))
                .statusCode(201).extract().path("token");
        given().auth().oauth2(secret).get("/api/v1/jobs").then().statusCode(401).body("code", equalTo("unauthorized"));
        given().auth().oauth2(secret).get("/api/v1/token").then().statusCode(401);
    }

    @Test
    void listingShowsOwnRobotsToUsersAndAllToAdmins() {
        create("rblister", robot("one", List.of("rblister/*"), List.of("pull"))).statusCode(201);
        create("rbalice", robot("listed", List.of("rbalice/*"), List.of("pull"))).statusCode(201);
        Api.as("rblister").get("/api/v1/robots").then().statusCode(200)
                .body("name", equalTo(List.of("robot$rblister+one")))
                .body("[0].token", nullValue())
                .body("[0].createdAt", notNullValue());
        Api.as("admin").get("/api/v1/robots").then().statusCode(200)
                .body("name", hasItem("robot$rblister+one")).body("name", hasItem("robot$rbalice+listed"))
                .body("name", hasItem("robot$build-worker")).body("name", hasItem("robot$registry-sync"));
    }

    @Test
    void badRobotRequestsAreClearErrors() {
        create("rbalice", robot("Bad Name", List.of("rbalice/*"), List.of("pull"))).statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("invalid-robot-name"));
        create("rbalice", robot("robot$rbbob+sneaky", List.of("rbalice/*"), List.of("pull"))).statusCode(403)
                .body("code", equalTo("forbidden"));
        create("rbalice", robot("robot$ownerless", List.of("rbalice/*"), List.of("pull"))).statusCode(403)
                .body("code", equalTo("forbidden"));
        for (String outside : List.of("*", "rbalice*", "rbbob/*", "library/ubuntu", "rbalice/")) {
            create("rbalice", robot("wide", List.of("rbalice/ok", outside), List.of("pull"))).statusCode(403)
                    .body("code", equalTo("forbidden")).body("detail", containsString(outside));
        }
        create("rbalice", robot("badpattern", List.of("rbalice/Upper"), List.of("pull"))).statusCode(400)
                .body("code", equalTo("invalid-robot-pattern"));
        create("rbalice", robot("nopattern", List.of(), List.of("pull"))).statusCode(400)
                .body("code", equalTo("invalid-robot-pattern"));
        create("rbalice", robot("badaction", List.of("rbalice/*"), List.of("pull", "write"))).statusCode(400)
                .body("code", equalTo("invalid-robot-actions")).body("detail", containsString("write"));
        create("rbalice", robot("noaction", List.of("rbalice/*"), List.of())).statusCode(400)
                .body("code", equalTo("invalid-robot-actions"));
        Map<String, Object> neverValid = robot("zerodays", List.of("rbalice/*"), List.of("pull"));
        neverValid.put("expiresInDays", 0);
        create("rbalice", neverValid).statusCode(400).body("code", equalTo("invalid-robot-expiry"));
        Api.as("rbalice").contentType(ContentType.JSON).body("{\"name\":").post("/api/v1/robots").then()
                .statusCode(400).body("code", equalTo("invalid-request"));
        Api.as("rbalice").contentType(ContentType.JSON).post("/api/v1/robots").then()
                .statusCode(400).body("code", equalTo("invalid-request"));

        create("rbalice", robot("twice", List.of("rbalice/*"), List.of("pull"))).statusCode(201);
        create("rbalice", robot("twice", List.of("rbalice/*"), List.of("push"))).statusCode(409)
                .body("code", equalTo("robot-name-taken"));
        // None of the refused requests left a robot behind.
        Api.as("rbalice").get("/api/v1/robots").then().statusCode(200)
                .body("name", not(hasItem("robot$rbalice+wide"))).body("name", not(hasItem("robot$rbalice+badaction")))
                .body("name", not(hasItem("robot$rbalice+zerodays")));
        given().get("/api/v1/robots").then().statusCode(401);
    }

    @Test
    void aRobotNeverExceedsItsCreator() throws Exception {
        // Widened behind the API's back (only a database edit can): a user's robot still gets no more than its creator.
        String secret = create("rbalice", robot("widened", List.of("rbalice/*"), List.of("pull", "push")))
                .statusCode(201).extract().path("token");
        try (Connection c = DriverManager.getConnection(System.getenv("SLIPWAY_TEST_JDBC_URL"), "slipway", "slipway");
                PreparedStatement s = c.prepareStatement(
                        "update gateway.robots set repositories = array['*'] where name = ?")) {
            s.setString(1, "robot$rbalice+widened");
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
        Api.token("rbbob");
        assertThat(grantedTo("robot$rbalice+widened", secret, "repository:rbbob/app:pull,push",
                "repository:library/ubuntu:pull,push", "repository:rbalice/app:push"))
                .containsExactly(Map.entry("repository:library/ubuntu", List.of("pull")),
                        Map.entry("repository:rbalice/app", List.of("push")));
    }
}
