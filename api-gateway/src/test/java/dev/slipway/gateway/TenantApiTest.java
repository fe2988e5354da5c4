package dev.slipway.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import dev.slipway.gateway.support.Api;
import dev.slipway.gateway.support.GatewayTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** Bearer authentication, the bootstrap admin, and user administration. */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class TenantApiTest {

    @Test
    void firstStartWritesAnAdminTokenReadableOnlyByItsOwner() throws Exception {
        Path file = Path.of(ConfigProvider.getConfig().getValue("gateway.data-dir", String.class), "admin-token");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        Api.as("admin").get("/api/v1/users/me").then().statusCode(200)
                .body("name", equalTo("admin")).body("admin", equalTo(true));
    }

    @Test
    void noTokenIsUnauthorizedAsProblemJson() {
        given().get("/api/v1/jobs").then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("code", equalTo("unauthorized"))
                .body("status", equalTo(401))
                .body("type", containsString("unauthorized"))
                .body("title", equalTo("Authentication required"));
    }

    @Test
    void unknownTokenIsUnauthorized() {
        given().auth().oauth2("slp_not-a-real-token").get("/api/v1/jobs").then().statusCode(401)
                .body("code", equalTo("unauthorized")).body("detail", containsString("not known"));
    }

    @Test
    void adminCreatesUsersWhoseTokensWork() {
        String token = Api.as("admin").contentType(ContentType.JSON).body(Map.of("name", "carol"))
                .post("/api/v1/users").then().statusCode(201)
                .body("user", equalTo("carol")).body("admin", equalTo(false))
                .extract().path("token");
        assertThat(token).startsWith("slp_").hasSizeGreaterThan(40);
        given().auth().oauth2(token).get("/api/v1/users/me").then().statusCode(200).body("name", equalTo("carol"));
        Api.as("admin").get("/api/v1/users").then().statusCode(200).body("name", hasItem("carol"));
        Api.as("admin").contentType(ContentType.JSON).body(Map.of("name", "carol"))
                .post("/api/v1/users").then().statusCode(409).body("code", equalTo("user-exists"));
    }

    @Test
    void usersCannotAdministerOthers() {
        Api.as("dave").contentType(ContentType.JSON).body(Map.of("name", "mallory")).post("/api/v1/users")
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("forbidden"));
        Api.as("dave").get("/api/v1/users").then().statusCode(403);
        Api.token("erin");
        Api.as("dave").contentType(ContentType.JSON).body(Map.of()).post("/api/v1/users/erin/tokens")
                .then().statusCode(403);
        String second = Api.as("dave").contentType(ContentType.JSON).body(Map.of("description", "ci"))
                .post("/api/v1/users/dave/tokens").then().statusCode(201).extract().path("token");
        given().auth().oauth2(second).get("/api/v1/users/me").then().statusCode(200).body("name", equalTo("dave"));
    }

    @Test
    void userNamesFollowTheNamespaceGrammar() {
        Api.as("admin").contentType(ContentType.JSON).body(Map.of("name", "Bad_Name")).post("/api/v1/users")
                .then().statusCode(400).body("code", equalTo("invalid-request")).body("detail", containsString("lowercase"));
        Api.as("admin").contentType(ContentType.JSON).body(Map.of("name", "library")).post("/api/v1/users")
                .then().statusCode(400).body("detail", containsString("system namespace"));
    }

    @Test
    void openApiAndHealthNeedNoToken() {
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/builds"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
