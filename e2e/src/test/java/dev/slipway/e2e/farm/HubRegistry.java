package dev.slipway.e2e.farm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The upstream "Docker Hub": a CNCF Distribution {@code docker-registry} on a free loopback port, no auth. */
final class HubRegistry {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final ChildProcess process;
    private final int port;

    HubRegistry(Path dataDir, Path log) {
        this.port = Ports.free();
        Path config = dataDir.resolve("config.yml");
        try {
            Files.createDirectories(dataDir);
            Files.writeString(config, String.join("\n",
                    "version: 0.1",
                    "log: { level: info }",
                    "storage:",
                    "  filesystem: { rootdirectory: " + dataDir.resolve("storage") + " }",
                    "  delete: { enabled: true }",
                    "http: { addr: 127.0.0.1:" + port + " }",
                    ""));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config, e);
        }
        this.process = new ChildProcess("hub", List.of("docker-registry", "serve", config.toString()), Map.of(), log);
    }

    /** @return {@code 127.0.0.1:<port>}, the host part of image references that skopeo uses */
    String address() {
        return "127.0.0.1:" + port;
    }

    void start() {
        process.start();
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (!Ports.listening(port)) {
            if (!process.alive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("docker-registry did not start on " + address() + "\n"
                        + process.logTail());
            }
            ServiceProcess.sleep(Duration.ofMillis(100));
        }
    }

    void stop() {
        process.stop(Duration.ofSeconds(5));
    }
}
