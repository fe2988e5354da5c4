package dev.slipway.localkafka;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Time;

/**
 * A real one-node Apache Kafka broker (KRaft, broker and controller in one JVM) on loopback, with Slipway's topics,
 * for {@code ./slipway up} and {@code ./slipway test}. Not part of the farm: on a cluster the operator's Kafka is used.
 *
 * <p>As a program: {@code java -cp … dev.slipway.localkafka.LocalKafka --broker-port 9092 --controller-port 9093
 * --log-dir DIR} writes {@code DIR/server.properties}, formats {@code DIR/data} the first time, starts the broker,
 * creates the missing topics, prints one line {@code READY bootstrap=HOST:PORT created=N topics=NAME(PARTITIONS),…}
 * and runs until it is terminated (TERM shuts the broker down cleanly).
 */
public final class LocalKafka implements AutoCloseable {

    /** The first word of the line printed once the broker takes clients and the topics exist. */
    public static final String READY = "READY";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

    private final KafkaRaftServer server;
    private final List<String> createdTopics;

    private LocalKafka(KafkaRaftServer server, List<String> createdTopics) {
        this.server = server;
        this.createdTopics = createdTopics;
    }

    /**
     * Starts the broker and returns once it accepts clients and every Slipway topic exists.
     *
     * @param settings ports and log folder
     * @return the running broker; {@link #close()} stops it
     * @throws IOException           when the configuration cannot be written
     * @throws IllegalStateException when formatting fails or the broker does not come up in time
     */
    public static LocalKafka start(BrokerSettings settings) throws IOException, InterruptedException {
        Path properties = ServerProperties.write(settings);
        StorageFormat.ensureFormatted(settings, properties);
        KafkaRaftServer server = new KafkaRaftServer(
                KafkaConfig.fromProps(ServerProperties.of(settings), false), Time.SYSTEM);
        server.startup();
        try {
            return new LocalKafka(server, createTopicsWhenReady(settings));
        } catch (RuntimeException | InterruptedException e) {
            server.shutdown();
            server.awaitShutdown();
            throw e;
        }
    }

    private static List<String> createTopicsWhenReady(BrokerSettings settings) throws InterruptedException {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) STARTUP_TIMEOUT.toMillis()))) {
            while (true) {
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return TopicPlan.ensureTopics(admin);
                } catch (ExecutionException | TimeoutException e) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("broker on " + settings.bootstrapServers()
                                + " did not take clients within " + STARTUP_TIMEOUT.toSeconds() + " s", e);
                    }
                    Thread.sleep(200);
                }
            }
        }
    }

    /** @return the topics this start created (empty when they all existed already) */
    public List<String> createdTopics() {
        return createdTopics;
    }

    /** Blocks until the broker has shut down. */
    public void awaitShutdown() {
        server.awaitShutdown();
    }

    /** Stops the broker cleanly (a controlled shutdown keeps the log folder reusable). */
    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    /** The message chain: Kafka wraps the useful part ("failed to bind to 127.0.0.1:9092") a few causes deep. */
    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && text.indexOf(cause.getMessage()) < 0) {
                text.append(": ").append(cause.getMessage());
            }
        }
        return text.toString();
    }

    /**
     * Runs the broker until the process is terminated.
     *
     * @param args {@code --broker-port N --controller-port N --log-dir DIR [--host H]}
     */
    public static void main(String[] args) {
        BrokerSettings settings;
        try {
            settings = BrokerSettings.fromArgs(args);
        } catch (IllegalArgumentException e) {
            System.err.println("local-kafka: " + e.getMessage());
            System.err.println("usage: LocalKafka --broker-port N --controller-port N --log-dir DIR [--host 127.0.0.1]");
            System.exit(2);
            return;
        }
        LocalKafka kafka;
        try {
            kafka = start(settings);
        } catch (IOException | RuntimeException e) {
            System.err.println("local-kafka: cannot start the broker: " + describe(e));
            System.exit(1);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "local-kafka-shutdown"));
        System.out.println(READY + " bootstrap=" + settings.bootstrapServers()
                + " created=" + kafka.createdTopics().size() + " topics="
                + TopicPlan.TOPICS.stream().map(t -> t.name() + "(" + t.partitions() + ")")
                        .collect(Collectors.joining(",")));
        System.out.flush();
        kafka.awaitShutdown();
    }
}
