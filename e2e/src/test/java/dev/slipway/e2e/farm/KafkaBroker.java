package dev.slipway.e2e.farm;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The farm's own one-node Kafka broker (local-kafka's launcher), so that records other modules' tests left on the
 * shared test broker never reach this farm's workers.
 */
final class KafkaBroker {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final ChildProcess process;
    private final int port;

    KafkaBroker(Checkout checkout, Path dataDir, Path log) {
        this.port = Ports.free();
        int controllerPort = Ports.free();
        this.process = new ChildProcess("kafka", List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms128m", "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-cp", checkout.localKafkaClasspath(), "dev.slipway.localkafka.LocalKafka",
                "--broker-port", Integer.toString(port), "--controller-port", Integer.toString(controllerPort),
                "--log-dir", dataDir.toString()), Map.of(), log);
    }

    /** @return {@code 127.0.0.1:<port>} */
    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts it and waits for local-kafka's READY line (the broker takes clients and the topics exist). */
    void start() {
        process.start();
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (!LogFiles.contains(process.log(), "\nREADY ")) {
            if (!process.alive()) {
                throw new IllegalStateException("kafka exited before it was ready\n" + process.logTail());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("kafka was not ready within " + READY_TIMEOUT.toSeconds() + " s\n"
                        + process.logTail());
            }
            ServiceProcess.sleep(Duration.ofMillis(200));
        }
    }

    void stop() {
        process.stop(Duration.ofSeconds(20));
    }
}
