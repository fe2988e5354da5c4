package dev.slipway.layerstore.http;

import static dev.slipway.layerstore.support.Blobs.random;
import static dev.slipway.layerstore.support.Blobs.repo;
import static dev.slipway.layerstore.support.Blobs.v2;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.common.oci.Digest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Eight clients pushing the same 32 MB blob at once, through upload sessions, each into its own repository. */
@QuarkusTest
class ConcurrentPushTest {

    private static final Path STORAGE = Path.of("target/layerstore-test/blobs");

    @Test
    void allSucceedAndOneCopyIsStored() throws Exception {
        byte[] content = random(32 * 1024 * 1024);
        Digest digest = Digest.sha256(content);
        String base = "http://127.0.0.1:" + RestAssured.port;
        HttpClient http = HttpClient.newHttpClient();
        List<String> repositories = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            repositories.add(repo("concurrent/push" + i));
        }
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> pushes = new ArrayList<>();
            for (String repository : repositories) {
                pushes.add(clients.submit(() -> {
                    HttpResponse<Void> started = http.send(HttpRequest.newBuilder(
                            URI.create(base + "/v2/" + repository + "/blobs/uploads/"))
                            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
                    String location = started.headers().firstValue("Location").orElseThrow();
                    return http.send(HttpRequest.newBuilder(URI.create(base + location + "?digest=" + digest))
                            .header("Content-Type", "application/octet-stream")
                            .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                }));
            }
            for (Future<Integer> push : pushes) {
                assertThat(push.get()).isEqualTo(201);
            }
        } finally {
            clients.shutdownNow();
        }

        Path file = STORAGE.resolve("sha256").resolve(digest.hex().substring(0, 2)).resolve(digest.hex());
        assertThat(file).hasSize(content.length);
        try (Stream<Path> siblings = Files.list(file.getParent())) {
            assertThat(siblings.filter(p -> p.getFileName().toString().startsWith(digest.hex().substring(0, 8))))
                    .containsExactly(file);
        }
        try (Stream<Path> tmp = Files.list(STORAGE.resolve("tmp"))) {
            assertThat(tmp).isEmpty();
        }
        for (String repository : repositories) {
            v2().head("/v2/" + repository + "/blobs/" + digest).then().statusCode(200)
                    .header("Content-Length", String.valueOf(content.length));
        }
    }
}
