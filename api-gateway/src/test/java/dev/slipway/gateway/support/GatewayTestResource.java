package dev.slipway.gateway.support;

import dev.slipway.common.job.Topics;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The real components the gateway talks to in tests: the Kafka broker and PostgreSQL given by SLIPWAY_TEST_KAFKA and
 * SLIPWAY_TEST_JDBC_URL (the gateway's schema is dropped first, so every run starts from a first start), and a real
 * CNCF Distribution registry ({@code docker-registry}) on a free port as the blob sink of build contexts — or, with
 * the init arg {@code layer-store=jar}, the real layer-store (its packaged jar, on a database of its own created for
 * the run), which the image operations need ({@code /api/v1/images}, tag deletion). The layer-store jar enforces
 * Docker's token flow with this gateway as its realm: the gateway then listens on a port chosen here.
 */
public class GatewayTestResource implements QuarkusTestResourceLifecycleManager {

    /** Init arg choosing the registry: {@code docker-registry} (default) or {@code jar}. */
    public static final String LAYER_STORE = "layer-store";
    /** The configured token of {@code robot$registry-sync}. */
    public static final String SYNC_ROBOT_TOKEN = "slr_configured-registry-sync-token-for-tests";
    private static final Path LAYER_STORE_JAR = Path.of("../layer-store/target/quarkus-app/quarkus-run.jar");

    private Process registry;
    private Path work;
    private boolean layerStoreJar;

    @Override
    public void init(Map<String, String> initArgs) {
        layerStoreJar = "jar".equals(initArgs.get(LAYER_STORE));
    }

    @Override
    public Map<String, String> start() {
        String kafka = required("SLIPWAY_TEST_KAFKA");
        String jdbc = required("SLIPWAY_TEST_JDBC_URL");
        createTopics(kafka);
        dropSchema(jdbc);
        try {
            work = Files.createTempDirectory("gateway-test-");
            int registryPort = freePort();
            // The layer-store verifies tokens against the gateway's JWKS, so the gateway's port is fixed up front.
            int gatewayPort = freePort();
            registry = layerStoreJar ? startLayerStore(jdbc, registryPort, gatewayPort) : startDockerRegistry(registryPort);
            awaitPort(registryPort);
            Map<String, String> config = new HashMap<>(Map.of(
                    "gateway.data-dir", work.resolve("data").toString(),
                    // as a Kubernetes Secret would give it; build-worker's token is generated into the data folder
                    "gateway.auth.system-robots.registry-sync.token", SYNC_ROBOT_TOKEN,
                    "gateway.layer-store-url", "http://127.0.0.1:" + registryPort,
                    // nothing listens there: search answers 503 until registry-sync runs
                    "gateway.registry-sync-url", "http://127.0.0.1:" + freePort(),
                    "gateway.jobs.max-context-size", "1M",
                    "gateway.jobs.heartbeat-timeout", "3s",
                    "gateway.jobs.watchdog-interval", "1s",
                    "gateway.jobs.max-attempts", "2"));
            if (layerStoreJar) {
                config.put("quarkus.http.test-port", Integer.toString(gatewayPort));
            }
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Process startDockerRegistry(int port) throws IOException {
        Path config = work.resolve("registry.yml");
        Files.writeString(config, """
                version: 0.1
                log: { level: warn }
                storage: { filesystem: { rootdirectory: %s }, delete: { enabled: true } }
                http: { addr: 127.0.0.1:%d }
                """.formatted(work.resolve("registry"), port));
        return new ProcessBuilder("docker-registry", "serve", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("registry.log").toFile())
                .start();
    }

    private Process startLayerStore(String jdbc, int port, int gatewayPort) throws IOException {
        if (!Files.isRegularFile(LAYER_STORE_JAR)) {
            throw new IllegalStateException("the layer-store is not packaged at " + LAYER_STORE_JAR.toAbsolutePath()
                    + " (the reactor builds it before the gateway)");
        }
        String database = "gateway_it_layerstore";
        try (Connection c = DriverManager.getConnection(jdbc, "slipway", "slipway");
                Statement s = c.createStatement()) {
            s.execute("drop database if exists " + database + " with (force)");
            s.execute("create database " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a database for the layer-store", e);
        }
        String ownJdbc = jdbc.substring(0, jdbc.lastIndexOf('/') + 1) + database;
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx256m", "-jar", LAYER_STORE_JAR.toString())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("layer-store.log").toFile());
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("SLIPWAY_JDBC_URL", ownJdbc);
        builder.environment().put("SLIPWAY_DATA", work.resolve("layer-store").toString());
        builder.environment().put("LAYERSTORE_STORAGE_ROOT", work.resolve("layer-store/blobs").toString());
        // Docker's token flow on, with this gateway as the token realm (as ./slipway up wires the farm).
        String gateway = "http://127.0.0.1:" + gatewayPort;
        builder.environment().put("LAYERSTORE_AUTH_ENABLED", "true");
        builder.environment().put("LAYERSTORE_AUTH_REALM", gateway + "/api/v1/token");
        builder.environment().put("LAYERSTORE_AUTH_JWKS_URL", gateway + "/api/v1/token/keys");
        return builder.start();
    }

    @Override
    public void stop() {
        if (registry != null) {
            registry.destroy();
            try {
                registry.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " must point at a real instance (./slipway test sets it)");
        }
        return value;
    }

    static void createTopics(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = List.of(
                            new NewTopic(Topics.BUILD_JOBS, 12, (short) 1),
                            new NewTopic(Topics.SYNC_JOBS, 12, (short) 1),
                            new NewTopic(Topics.JOB_EVENTS, 12, (short) 1),
                            new NewTopic(Topics.JOB_CONTROL, 1, (short) 1)).stream()
                    .filter(t -> !existing.contains(t.name()))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("cannot create topics on " + bootstrap, e);
        }
    }

    private static void dropSchema(String jdbc) {
        try (Connection c = DriverManager.getConnection(jdbc, "slipway", "slipway");
                Statement s = c.createStatement()) {
            s.execute("drop schema if exists gateway cascade");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reset the gateway schema at " + jdbc, e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void awaitPort(int port) throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException(ie);
                }
            }
        }
        throw new IOException("the registry did not listen on " + port);
    }
}
