package dev.slipway.cli.command;

import static dev.slipway.cli.command.CliTestSupport.emptyConfigDir;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** version and usage errors (login and logout: {@link AccessVerbsTest}; the gateway down: {@link ErrorPathsTest}). */
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
        assertThat(help.getOutput()).startsWith("Usage: slip").contains("images", "build", "push", "rmi", "login",
                "logout", "robot", "repo");
        assertThat(gateway.requests()).isEmpty();
    }
}
