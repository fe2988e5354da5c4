package dev.slipway.sync.search;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.slipway.registry.testing.TestImage;
import dev.slipway.registry.testing.TestLayer;
import dev.slipway.sync.testing.SyncTestEnvironment;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code docker search} when the Hub's search API cannot be reached (as with a plain v2 registry standing in for the
 * Hub): the upstream registry's own catalog answers instead.
 */
@QuarkusTest
@TestProfile(SearchWithoutHubSearchTest.SearchDown.class)
class SearchWithoutHubSearchTest {

    /** The Hub's search API points at a port nothing listens on. */
    public static class SearchDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sync.upstreams.\"docker.io\".search-url", "http://127.0.0.1:1");
        }
    }

    @Test
    void theUpstreamCatalogNamesWhatTheUpstreamHolds() {
        TestImage image = TestImage.single(List.of(TestLayer.random(1_000, 502)));
        image.push(SyncTestEnvironment.upstream(), "training/sinatra-catalog", "latest", null, SyncTestEnvironment.work());
        image.push(SyncTestEnvironment.upstream(), "training/webapp-catalog", "latest", null, SyncTestEnvironment.work());

        given().queryParam("q", "sinatra-catalog").when().get("/api/v1/search")
                .then().statusCode(200)
                .body("name", hasItem("training/sinatra-catalog"))
                .body("name", not(hasItem("training/webapp-catalog")));
    }
}
