package dev.slipway.sync.search;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import dev.slipway.registry.testing.TestImage;
import dev.slipway.registry.testing.TestLayer;
import dev.slipway.sync.testing.SyncTestEnvironment;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code docker search sinatra}: the Docker Hub search fixture's answer (Hub format) merged with the repositories in
 * the layer-store stand-in.
 */
@QuarkusTest
class SearchResourceTest {

    @Test
    void mergesUpstreamResultsWithRepositoriesTheFarmHolds() {
        TestImage image = TestImage.single(List.of(TestLayer.random(1_000, 501)));
        image.push(SyncTestEnvironment.store(), "ouruser/sinatra-built-here", "v1", null, SyncTestEnvironment.work());
        image.push(SyncTestEnvironment.store(), "library/sinatra-mirror", "1", null, SyncTestEnvironment.work());

        given().queryParam("q", "sinatra").when().get("/api/v1/search")
                .then().statusCode(200)
                // the Hub's answer first, in its order, then what only the farm holds
                .body("name[0]", equalTo("training/sinatra"))
                .body("name[1]", equalTo("someone/sinatra-app"))
                .body("name", hasItems("ouruser/sinatra-built-here", "sinatra-mirror"))
                .body("[0].description", equalTo("Sinatra training image"))
                .body("[0].stars", equalTo(42))
                .body("[0].official", equalTo(false))
                .body("[0].automated", equalTo(true))
                .body("find { it.name == 'ouruser/sinatra-built-here' }.stars", equalTo(0));
        given().queryParam("q", "centos").when().get("/api/v1/search")
                .then().statusCode(200).body("name", hasItem("centos")).body("[0].official", equalTo(true));
        given().queryParam("q", "sinatra").queryParam("limit", 1).when().get("/api/v1/search")
                .then().statusCode(200).body("name", contains("training/sinatra"))
                .body("name", not(hasItem("ouruser/sinatra-built-here")));
    }

    @Test
    void badQueriesAreProblems() {
        given().when().get("/api/v1/search").then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("invalid-request"));
        given().queryParam("q", "x").queryParam("limit", 0).when().get("/api/v1/search")
                .then().statusCode(400).body("code", equalTo("invalid-limit"));
    }
}
