package dev.slipway.worker.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.slipway.common.oci.ImageReference;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against a loopback server answering as registry-sync's {@code EnsureResource} and its problem mappers
 * do (registry-sync itself is too heavy to start here; the build tests use the same kind of stand-in).
 */
class PullThroughTest {

    private HttpServer server;
    private final AtomicReference<String> requestBody = new AtomicReference<>();
    private volatile int status;
    private volatile String contentType;
    private volatile String answer;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/internal/v1/ensure", ex -> {
            try (ex) {
                requestBody.set(ex.getRequestMethod() + " " + ex.getRequestHeaders().getFirst("Content-Type") + " "
                        + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                byte[] body = answer.getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", contentType);
                ex.sendResponseHeaders(status, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private PullThrough client() {
        return new PullThrough(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"), Duration.ofSeconds(10));
    }

    private void answer(int status, String type, String body) {
        this.status = status;
        this.contentType = type;
        this.answer = body;
    }

    @Test
    void anEnsuredImageSaysWhereTheLayerStoreHasIt() throws Exception {
        String digest = "sha256:" + "ab".repeat(32);
        answer(200, "application/json", "{\"image\":\"docker.io/library/centos:7\",\"repository\":\"library/centos\","
                + "\"digest\":\"" + digest + "\",\"outcome\":\"DOWNLOADED\",\"mirroredAt\":\"2026-01-01T00:00:00Z\"}");
        PullThrough.Ensured e = client().ensure(ImageReference.parse("centos:7"));
        assertThat(requestBody.get()).isEqualTo("POST application/json {\"image\":\"docker.io/library/centos:7\"}");
        assertThat(e.repository().value()).isEqualTo("library/centos");
        assertThat(e.digest().toString()).isEqualTo(digest);
        assertThat(e.outcome()).isEqualTo("DOWNLOADED");
    }

    @Test
    void upstreamTroubleIsReportedWithItsCode() {
        answer(502, "application/problem+json", "{\"type\":\"about:blank\",\"title\":\"Bad Gateway\",\"status\":502,"
                + "\"code\":\"upstream-unavailable\",\"detail\":\"centos:7: registry-1.docker.io: connection refused\"}");
        assertThatThrownBy(() -> client().ensure(ImageReference.parse("centos:7")))
                .isInstanceOf(PullThroughException.class)
                .hasMessage("registry-sync answered HTTP 502 upstream-unavailable: centos:7: registry-1.docker.io: "
                        + "connection refused");
    }

    @Test
    void anAnswerThatIsNotTheContractIsRefused() {
        answer(500, "text/plain", "boom");
        assertThatThrownBy(() -> client().ensure(ImageReference.parse("centos:7")))
                .hasMessage("registry-sync answered HTTP 500: boom");
        answer(200, "application/json", "{\"repository\":\"library/centos\",\"digest\":\"md5:x\"}");
        assertThatThrownBy(() -> client().ensure(ImageReference.parse("centos:7")))
                .hasMessageStartingWith("registry-sync sent an unusable answer: ");
    }
}
