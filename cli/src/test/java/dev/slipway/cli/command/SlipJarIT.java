package dev.slipway.cli.command;

import static dev.slipway.cli.command.CliTestSupport.JOB;
import static dev.slipway.cli.command.CliTestSupport.accepted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.common.job.JobId;
import dev.slipway.common.job.JobSucceeded;
import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.ImageReference;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged {@code slip} ({@code java -jar target/quarkus-app/quarkus-run.jar}, what {@code bin/slip} runs) as a
 * separate process with a real stdin: {@code build -} and {@code login --password-stdin}, which an in-process
 * launch cannot feed.
 */
class SlipJarIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final Digest CONFIG = Digest.sha256("config".getBytes(StandardCharsets.UTF_8));
    private static FakeGateway gateway;
    private Path home;

    /** What a finished slip process left. */
    private record Run(int exitCode, String out, String err) {
    }

    @BeforeAll
    static void start() throws IOException {
        assertThat(JAR).as("mvn package builds the jar before the integration tests").isRegularFile();
        gateway = FakeGateway.start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @BeforeEach
    void fresh() throws IOException {
        gateway.reset();
        home = Files.createTempDirectory("slip-home");
    }

    private Run slip(byte[] stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("SLIPWAY_"));
        // no login and no local farm: only what the test says
        env.put("SLIPWAY_CONFIG_DIR", home.resolve(".slipway").toString());
        env.put("SLIPWAY_DATA", home.resolve("no-farm").toString());
        Process process = builder.start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin);
        }
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("slip ended").isTrue();
        return new Run(process.exitValue(), new String(out.join(), StandardCharsets.UTF_8).strip(),
                new String(err.join(), StandardCharsets.UTF_8).strip());
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void buildSucceeds() {
        gateway.json("POST", "/api/v1/builds", 202, accepted("BUILD"));
        gateway.events(JOB, new Events().add(new JobSucceeded(JobId.parse(JOB), 1, 0, Instant.now(),
                Map.of("imageId", CONFIG.toString()), CONFIG, List.of(ImageReference.parse("ouruser/app")))).sse());
    }

    private static Map<String, String> entries(byte[] tar) throws IOException {
        Map<String, String> entries = new java.util.TreeMap<>();
        InputStream in = new ByteArrayInputStream(tar);
        if ((tar[0] & 0xff) == 0x1f && (tar[1] & 0xff) == 0x8b) {
            in = new java.util.zip.GZIPInputStream(in);
        }
        try (TarArchiveInputStream archive = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = archive.getNextEntry()) != null) {
                entries.put(entry.getName(), new String(archive.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }

    @Test
    void buildDashWithADockerfileOnStdinBuildsItWithAnEmptyContext() throws Exception {
        buildSucceeds();
        Run run = slip("FROM busybox\nRUN echo hi\n".getBytes(StandardCharsets.UTF_8),
                "-H", gateway.url(), "build", "-t", "ouruser/app", "-");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("Sending build context to Slipway gateway")
                .endsWith("Successfully built " + CONFIG.shortId() + "\nSuccessfully tagged ouruser/app:latest");
        FakeGateway.Request upload = gateway.last("POST", "/api/v1/builds");
        assertThat(upload.uri()).isEqualTo("/api/v1/builds?t=ouruser%2Fapp&dockerfile=Dockerfile");
        assertThat(entries(upload.body())).containsExactly(Map.entry("Dockerfile", "FROM busybox\nRUN echo hi\n"));
    }

    @Test
    void buildDashWithAGzipTarOnStdinSendsThatContext() throws Exception {
        buildSucceeds();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            for (String[] file : new String[][] {{"Dockerfile", "FROM busybox\nCOPY app.rb /\n"}, {"app.rb", "puts 1\n"}}) {
                byte[] content = file[1].getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(file[0]);
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        Run run = slip(bytes.toByteArray(), "-H", gateway.url(), "build", "-q", "-t", "ouruser/app", "-");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(CONFIG.toString());
        assertThat(gateway.last("POST", "/api/v1/builds").body()).isEqualTo(bytes.toByteArray());
    }

    @Test
    void buildDashWithTheGatewayDownIsOneLineNamingTheUrl() throws Exception {
        String down = FakeGateway.closedPortUrl();
        Run run = slip("FROM busybox\n".getBytes(StandardCharsets.UTF_8), "-H", down, "build", "-");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("Error: cannot connect to the Slipway gateway at " + down
                + ": connection refused");
    }

    @Test
    void loginWithThePasswordOnStdinSavesTheLoginPrivately() throws Exception {
        gateway.json("GET", "/api/v1/token", 200, "{\"token\":\"jwt\",\"access_token\":\"jwt\",\"expires_in\":300}");
        gateway.json("GET", "/api/v1/users/me", 200, "{\"name\":\"ouruser\",\"admin\":false}");

        Run run = slip("s3cret\n".getBytes(StandardCharsets.UTF_8), "login", "-u", "ouruser", "--password-stdin",
                gateway.url());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("Login Succeeded");
        assertThat(run.err()).isEmpty();
        assertThat(gateway.last("GET", "/api/v1/token").header("Authorization"))
                .isEqualTo("Basic b3VydXNlcjpzM2NyZXQ=");
        Path config = home.resolve(".slipway/config.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-------");
        assertThat(Files.readString(config)).contains("\"token\" : \"s3cret\"");
    }
}
