package dev.slipway.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.slipway.gateway.support.Api;
import dev.slipway.gateway.support.GatewayTestResource;
import dev.slipway.gateway.support.Jwts;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Public repositories: their owner (or an admin) marks them, and then anyone may pull them, even anonymously. */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class PublicRepositoryTest {

    private static Map<String, List<String>> granted(RequestSpecification as, String... scopes) throws Exception {
        String jwt = as.queryParam("service", "slipway-registry").queryParam("scope", (Object[]) scopes)
                .get("/api/v1/token").then().statusCode(200).extract().path("token");
        return Jwts.access(Jwts.verify(jwt));
    }

    private static void setPublic(String as, String repository, boolean isPublic, int status) {
        Api.as(as).contentType(ContentType.JSON).body(Map.of("public", isPublic))
                .put("/api/v1/repositories/" + repository + "/visibility").then().statusCode(status);
    }

    @Test
    void anonymousCallersPullPublicRepositoriesOnly() throws Exception {
        Api.token("pubowner");
        assertThat(granted(given(), "repository:pubowner/site:pull")).isEmpty();

        setPublic("pubowner", "pubowner/site", true, 200);
        Api.as("pubowner").get("/api/v1/repositories/pubowner/site/visibility").then().statusCode(200)
                .body("repository", equalTo("pubowner/site")).body("public", equalTo(true));

        assertThat(granted(given(), "repository:pubowner/site:pull,push,delete", "repository:pubowner/private:pull",
                "repository:library/ubuntu:pull"))
                .containsExactly(Map.entry("repository:pubowner/site", List.of("pull")));
        // Another user may pull it now, and still not push.
        assertThat(granted(given().auth().preemptive().basic("pubreader", Api.token("pubreader")),
                "repository:pubowner/site:pull,push")).containsExactly(Map.entry("repository:pubowner/site", List.of("pull")));
        var claims = Jwts.verify(given().auth().preemptive().basic("pubreader", Api.token("pubreader"))
                .queryParam("scope", "registry:catalog:*").get("/api/v1/token").then().statusCode(200)
                .extract().path("token"));
        assertThat(claims.getStringListClaimValue("pullable")).contains("pubowner/site").doesNotContain("pubowner/*");

        setPublic("pubowner", "pubowner/site", false, 200);
        Api.as("pubreader").get("/api/v1/repositories/pubowner/site/visibility").then().statusCode(200)
                .body("public", equalTo(false));
        assertThat(granted(given(), "repository:pubowner/site:pull")).isEmpty();
    }

    @Test
    void onlyTheOwnerOrAnAdminChangesVisibility() throws Exception {
        Api.token("pubowner");
        setPublic("pubreader", "pubowner/tool", true, 403);
        setPublic("pubreader", "library/ubuntu", true, 403);
        assertThat(granted(given(), "repository:pubowner/tool:pull")).isEmpty();
        setPublic("admin", "pubowner/tool", true, 200);
        assertThat(granted(given(), "repository:pubowner/tool:pull"))
                .containsExactly(Map.entry("repository:pubowner/tool", List.of("pull")));
        given().contentType(ContentType.JSON).body(Map.of("public", true))
                .put("/api/v1/repositories/pubowner/tool/visibility").then().statusCode(401);
    }

    @Test
    void badVisibilityRequestsAreClearErrors() {
        Api.as("pubowner").contentType(ContentType.JSON).body(Map.of("public", true))
                .put("/api/v1/repositories/pubowner/Bad..Name/visibility").then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("invalid-reference"));
        Api.as("pubowner").contentType(ContentType.JSON).body(Map.of())
                .put("/api/v1/repositories/pubowner/site/visibility").then().statusCode(400)
                .body("code", equalTo("invalid-request"));
        Api.as("pubowner").contentType(ContentType.JSON).body("{\"public\":\"maybe\"}")
                .put("/api/v1/repositories/pubowner/site/visibility").then().statusCode(400)
                .body("code", equalTo("invalid-request"));
    }
}
