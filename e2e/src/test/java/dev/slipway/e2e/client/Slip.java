package dev.slipway.e2e.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code slip} command line as a user runs it: {@code java -jar cli/target/quarkus-app/quarkus-run.jar ARGS} in a
 * working folder, with {@code SLIPWAY_URL} and {@code SLIPWAY_TOKEN} set and a private config folder (so no saved
 * login of this machine interferes). Output is piped, so slip prints plain lines, no progress bars. Every invocation
 * and its output can be appended to a transcript file, so a walkthrough's real output can be read after the run.
 */
public final class Slip {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final Path jar;
    private final String gatewayUrl;
    private final String token;
    private final Path configDir;
    private final Path transcript;

    /**
     * @param jar        the cli's quarkus-run.jar
     * @param gatewayUrl SLIPWAY_URL
     * @param token      SLIPWAY_TOKEN
     * @param configDir  SLIPWAY_CONFIG_DIR (an empty folder of the test's)
     */
    public Slip(Path jar, String gatewayUrl, String token, Path configDir) {
        this(jar, gatewayUrl, token, configDir, null);
    }

    private Slip(Path jar, String gatewayUrl, String token, Path configDir, Path transcript) {
        this.jar = jar;
        this.gatewayUrl = gatewayUrl;
        this.token = token;
        this.configDir = configDir;
        this.transcript = transcript;
    }

    /** @return the same slip with another user's token */
    public Slip as(String otherToken) {
        return new Slip(jar, gatewayUrl, otherToken, configDir, transcript);
    }

    /** @return the same slip pointed at another gateway URL */
    public Slip at(String otherGatewayUrl) {
        return new Slip(jar, otherGatewayUrl, token, configDir, transcript);
    }

    /** @return the same slip, appending each command and its output to {@code file} */
    public Slip withTranscript(Path file) {
        return new Slip(jar, gatewayUrl, token, configDir, file);
    }

    private void record(SlipResult result) throws IOException {
        if (transcript != null) {
            Files.writeString(transcript, "$ slip " + result.args() + "\n" + result.out() + result.err()
                    + (result.exitCode() == 0 ? "" : "(exit " + result.exitCode() + ")\n") + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /** Runs {@code slip ARGS} in the current folder. */
    public SlipResult run(String... args) {
        return runIn(Path.of("."), args);
    }

    /** Runs {@code slip ARGS} in a folder (for {@code slip build .}). */
    public SlipResult runIn(Path workingDir, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-jar", jar.toString()));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("slip-out", ".txt");
            Path err = Files.createTempFile("slip-err", ".txt");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
                builder.environment().put("SLIPWAY_URL", gatewayUrl);
                builder.environment().put("SLIPWAY_TOKEN", token);
                builder.environment().put("SLIPWAY_CONFIG_DIR", configDir.toString());
                builder.environment().put("NO_COLOR", "1");
                Process process = builder.start();
                if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("slip " + String.join(" ", args) + " did not finish within "
                            + TIMEOUT.toMinutes() + " min\n" + Files.readString(out) + Files.readString(err));
                }
                SlipResult result = new SlipResult(String.join(" ", args), process.exitValue(),
                        Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
                record(result);
                return result;
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run slip", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
