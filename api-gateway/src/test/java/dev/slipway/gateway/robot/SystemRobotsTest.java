package dev.slipway.gateway.robot;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.slipway.gateway.support.Api;
import dev.slipway.gateway.support.GatewayTestResource;
import dev.slipway.gateway.support.Jwts;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** The farm's own robots: there from the first start, with tokens the other services can read and that stay put. */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class SystemRobotsTest {

    @Inject
    SystemRobots systemRobots;

    private static Path tokenFile(String name) {
        return Path.of(ConfigProvider.getConfig().getValue("gateway.data-dir", String.class), "robots", name + ".token");
    }

    private static Map<String, List<String>> granted(String robot, String secret) throws Exception {
        String jwt = given().auth().preemptive().basic(robot, secret)
                .queryParam("scope", "repository:someuser/app:pull,push,delete", "repository:library/alpine:pull,push")
                .get("/api/v1/token").then().statusCode(200).extract().path("token");
        return Jwts.access(Jwts.verify(jwt));
    }

    @Test
    void buildWorkerTokenIsGeneratedOwnerOnlyAndGrantsPullPushEverywhere() throws Exception {
        Path file = tokenFile("build-worker");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String secret = Files.readString(file).trim();
        assertThat(secret).startsWith("slr_");
        assertThat(granted("robot$build-worker", secret)).containsExactly(
                Map.entry("repository:someuser/app", List.of("pull", "push")),
                Map.entry("repository:library/alpine", List.of("pull", "push")));
    }

    @Test
    void registrySyncTakesItsTokenFromConfigurationAndWritesNoFile() throws Exception {
        assertThat(tokenFile("registry-sync")).doesNotExist();
        assertThat(granted("robot$registry-sync", GatewayTestResource.SYNC_ROBOT_TOKEN))
                .containsEntry("repository:library/alpine", List.of("pull", "push"));
    }

    @Test
    void tokensStayTheSameAcrossRestartsAndSurviveARevocation() throws Exception {
        Path file = tokenFile("build-worker");
        String secret = Files.readString(file).trim();
        systemRobots.onStart(null);
        assertThat(Files.readString(file).trim()).isEqualTo(secret);
        granted("robot$build-worker", secret);

        // Revoked by an admin (or a fresh database), the robot comes back at the next start with the same token.
        Api.as("admin").delete("/api/v1/robots/robot$build-worker").then().statusCode(204);
        given().auth().preemptive().basic("robot$build-worker", secret).get("/api/v1/token").then().statusCode(401)
                .body("code", equalTo("unauthorized"));
        systemRobots.onStart(null);
        assertThat(Files.readString(file).trim()).isEqualTo(secret);
        assertThat(granted("robot$build-worker", secret)).containsKey("repository:library/alpine");
    }
}
