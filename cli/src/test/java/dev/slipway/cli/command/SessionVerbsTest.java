package dev.slipway.cli.command;

import static dev.slipway.cli.command.CliTestSupport.JOB;
import static dev.slipway.cli.command.CliTestSupport.emptyConfigDir;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** login, version, usage errors, and every verb with the gateway down. */
@QuarkusMainTest
class SessionVerbsTest {

    private static FakeGateway gateway;
    private Path config;

    @BeforeAll
    static void startGateway() throws IOException {
        gateway = FakeGateway.start();
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
    }

    @BeforeEach
    void fresh() {
        gateway.reset();
        config = emptyConfigDir();
    }

    @Test
    void everyVerbWithTheGatewayDownPrintsOneLineNamingTheUrl(QuarkusMainLauncher launcher) throws IOException {
        String down = FakeGateway.closedPortUrl();
        Path context = Files.createTempDirectory("ctx");
        Files.writeString(context.resolve("Dockerfile"), "FROM busybox\n");
        List<List<String>> verbs = List.of(List.of("images"), List.of("pull", "centos"), List.of("search", "sinatra"),
                List.of("commit", "c0ffee", "ouruser/sinatra:v2"), List.of("build", "-t", "a/b", context.toString()),
                List.of("tag", "a/b", "a/c"), List.of("push", "ouruser/sinatra"), List.of("rmi", "a/b"),
                List.of("inspect", "a/b"), List.of("history", "a/b"), List.of("jobs"), List.of("logs", JOB),
                List.of("logs", "-f", JOB), List.of("cancel", JOB), List.of("login", "-p", "token"),
                List.of("run", "busybox", "true"));
        SoftAssertions soft = new SoftAssertions();
        for (List<String> verb : verbs) {
            LaunchResult result = CliTestSupport.slip(launcher, down, config, verb.toArray(String[]::new));
            int expected = verb.get(0).equals("run") ? 125 : 1;
            soft.assertThat(result.exitCode()).as("exit code of %s", verb).isEqualTo(expected);
            soft.assertThat(result.getErrorOutput()).as("stderr of %s", verb)
                    .endsWith("Error: cannot connect to the Slipway gateway at " + down + ": connection refused")
                    .doesNotContain("Exception", "\tat ");
        }
        soft.assertAll();
    }

    @Test
    void loginChecksTheTokenSavesItAndLaterCommandsSendIt(QuarkusMainLauncher launcher) throws IOException {
        gateway.json("GET", "/api/v1/users/me", 200, "{\"name\":\"ouruser\",\"admin\":false}");
        gateway.json("GET", "/api/v1/images", 200, "[]");

        LaunchResult login = launcher.launch("--config", config.toString(), "login", "-u", "ouruser", "-p",
                "s3cret", gateway.url());

        assertThat(login.exitCode()).isZero();
        assertThat(login.getOutput()).isEqualTo("Login Succeeded");
        assertThat(login.getErrorOutput()).contains("--password-stdin");
        assertThat(gateway.last("GET", "/api/v1/users/me").header("Authorization")).isEqualTo("Bearer s3cret");
        assertThat(Files.readString(config.resolve("config.json"))).contains("s3cret", gateway.url());

        // no -H: the last login chooses the gateway and its token
        LaunchResult images = launcher.launch("--config", config.toString(), "images");
        assertThat(images.exitCode()).isZero();
        assertThat(gateway.last("GET", "/api/v1/images").header("Authorization")).isEqualTo("Bearer s3cret");
    }

    @Test
    void loginWithABadTokenOrAnotherUsersTokenFailsAndSavesNothing(QuarkusMainLauncher launcher) {
        gateway.problem("GET", "/api/v1/users/me", 401, "unauthorized", "unknown token");
        LaunchResult bad = CliTestSupport.slip(launcher, gateway.url(), config, "login", "-p", "wrong");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.getErrorOutput()).endsWith("Error: login to " + gateway.url() + " failed: unknown token");

        gateway.json("GET", "/api/v1/users/me", 200, "{\"name\":\"admin\",\"admin\":true}");
        LaunchResult other = CliTestSupport.slip(launcher, gateway.url(), config, "login", "-u", "ouruser", "-p", "t");
        assertThat(other.exitCode()).isEqualTo(1);
        assertThat(other.getErrorOutput()).endsWith("the token belongs to admin, not ouruser");
        assertThat(config.resolve("config.json")).doesNotExist();
    }

    @Test
    void versionNamesTheClientAndTheGateway(QuarkusMainLauncher launcher) {
        LaunchResult result = CliTestSupport.slip(launcher, gateway.url(), config, "version");
        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).contains("Client:", " Version:    0.1.0-SNAPSHOT", "Gateway:     " + gateway.url());
        assertThat(launcher.launch("--version").getOutput()).isEqualTo("slip version 0.1.0-SNAPSHOT");
    }

    @Test
    void badUsageExits125WithWhereToFindHelp(QuarkusMainLauncher launcher) {
        LaunchResult unknownVerb = launcher.launch("frobnicate");
        assertThat(unknownVerb.exitCode()).isEqualTo(125);
        assertThat(unknownVerb.getErrorOutput()).isEqualTo("Error: 'frobnicate' is not a slip command.\nSee 'slip --help'.");

        LaunchResult unknownFlag = launcher.launch("images", "--bogus");
        assertThat(unknownFlag.exitCode()).isEqualTo(125);
        assertThat(unknownFlag.getErrorOutput()).isEqualTo("Error: Unknown option: '--bogus'\nSee 'slip images --help'.");

        LaunchResult badUrl = launcher.launch("-H", "127.0.0.1:8080", "images");
        assertThat(badUrl.exitCode()).isEqualTo(125);
        assertThat(badUrl.getErrorOutput()).contains("must start with http:// or https://");

        LaunchResult help = launcher.launch();
        assertThat(help.exitCode()).isZero();
        assertThat(help.getOutput()).startsWith("Usage: slip").contains("images", "build", "push", "rmi");
        assertThat(gateway.requests()).isEmpty();
    }
}
