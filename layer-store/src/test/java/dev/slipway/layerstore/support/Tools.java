package dev.slipway.layerstore.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the independent command-line clients (skopeo, umoci) the way a person would, failing on a non-zero exit. */
public final class Tools {

    private Tools() {
    }

    /** @return the command's standard output; fails the test with its output on a non-zero exit */
    public static String run(Path workdir, String... command) {
        try {
            Process process = new ProcessBuilder(List.of(command)).directory(workdir.toFile())
                    .redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("%s finished in time", command[0]).isTrue();
            String text = new String(output, StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as("%s failed:%n%s", String.join(" ", command), text).isZero();
            return text;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** @return {@code 127.0.0.1:<port>} of the application under test */
    public static String registry() {
        return "127.0.0.1:" + io.restassured.RestAssured.port;
    }
}
