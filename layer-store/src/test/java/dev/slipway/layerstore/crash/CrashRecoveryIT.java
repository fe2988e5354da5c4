package dev.slipway.layerstore.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.common.oci.Digest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of the packaged layer-store in the middle of uploads: after a restart no partial blob is visible
 * under any digest, the leftovers are gone, and clients can resume or start over and succeed.
 */
class CrashRecoveryIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    private final HttpClient http = HttpClient.newHttpClient();
    private final Path data = Path.of("target/crash-it", UUID.randomUUID().toString()).toAbsolutePath();
    private Process server;
    private int port;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.destroyForcibly().waitFor();
        }
    }

    private void start() throws IOException, InterruptedException {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.createDirectories(data);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-jar", JAR.toString())
                .redirectErrorStream(true)
                .redirectOutput(data.resolveSibling(data.getFileName() + "-" + port + ".log").toFile());
        builder.environment().put("SLIPWAY_JDBC_URL", System.getenv("SLIPWAY_TEST_JDBC_URL"));
        builder.environment().put("SLIPWAY_DATA", data.toString());
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        builder.environment().put("LAYERSTORE_GC_EVERY", "off");
        builder.environment().put("LAYERSTORE_AUTH_ENABLED", "false"); // crash recovery, not the token flow
        server = builder.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos(); // starts took 71 s at load 50
        while (System.nanoTime() < deadline) {
            assertThat(server.isAlive()).as("layer-store process is running").isTrue();
            try {
                if (http.send(get("/q/health/ready"), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError("layer-store did not become ready");
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build();
    }

    private HttpResponse<Void> send(String method, String path, byte[] body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding());
    }

    /** Starts a request whose body never finishes: headers announce {@code announced} bytes, {@code sent} arrive. */
    private Socket halfSent(String method, String path, long announced, byte[] sent) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        OutputStream out = socket.getOutputStream();
        out.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Length: " + announced + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(sent);
        out.flush();
        return socket;
    }

    @Test
    void killedMidUploadLeavesNothingVisibleAndClientsSucceedAfterRestart() throws Exception {
        assertThat(JAR).as("the packaged application (mvn package)").exists();
        byte[] blob = new byte[24 * 1024 * 1024];
        new Random(42).nextBytes(blob);
        Digest digest = Digest.sha256(blob);
        String repository = "crash/" + UUID.randomUUID().toString().substring(0, 8);
        start();

        // A resumable upload with 8 MiB committed, then a chunk that is cut off by the crash.
        HttpResponse<Void> started = send("POST", "/v2/" + repository + "/blobs/uploads/", null);
        String location = started.headers().firstValue("Location").orElseThrow();
        assertThat(send("PATCH", location, Arrays.copyOfRange(blob, 0, 8 << 20), "Content-Range",
                "0-" + ((8 << 20) - 1)).statusCode()).isEqualTo(202);
        Socket chunk = halfSent("PATCH", location, blob.length - (8 << 20),
                Arrays.copyOfRange(blob, 8 << 20, 16 << 20));
        // A monolithic upload cut off half way.
        Socket whole = halfSent("POST", "/v2/" + repository + "/blobs/uploads/?digest=" + digest, blob.length,
                Arrays.copyOfRange(blob, 0, 12 << 20));
        Thread.sleep(1500); // let the server write what it received

        server.destroyForcibly().waitFor(); // SIGKILL
        chunk.close();
        whole.close();
        start();

        assertThat(send("HEAD", "/v2/" + repository + "/blobs/" + digest, null).statusCode()).isEqualTo(404);
        try (Stream<Path> tmp = Files.list(data.resolve("blobs/tmp"))) {
            assertThat(tmp).as("partial writes are removed at startup").isEmpty();
        }
        assertThat(data.resolve("blobs/sha256").resolve(digest.hex().substring(0, 2)).resolve(digest.hex()))
                .doesNotExist();

        // The session survived with what was committed; the client resumes from there and finishes.
        HttpResponse<Void> status = http.send(get(location), HttpResponse.BodyHandlers.discarding());
        assertThat(status.statusCode()).isEqualTo(204);
        assertThat(status.headers().firstValue("Range")).contains("0-" + ((8 << 20) - 1));
        assertThat(send("PATCH", location, Arrays.copyOfRange(blob, 8 << 20, blob.length), "Content-Range",
                (8 << 20) + "-" + (blob.length - 1)).statusCode()).isEqualTo(202);
        assertThat(send("PUT", location + "?digest=" + digest, null).statusCode()).isEqualTo(201);

        // Another client simply starts over with a monolithic upload.
        String other = repository + "-again";
        assertThat(send("POST", "/v2/" + other + "/blobs/uploads/?digest=" + digest, blob).statusCode())
                .isEqualTo(201);
        HttpResponse<byte[]> pulled = http.send(get("/v2/" + other + "/blobs/" + digest),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(Digest.sha256(pulled.body())).isEqualTo(digest);
    }
}
