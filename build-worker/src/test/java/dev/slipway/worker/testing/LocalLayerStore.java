package dev.slipway.worker.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real layer-store (its packaged jar, {@code ../layer-store/target/quarkus-app}, which the reactor builds before
 * this module) on a free loopback port, on a database of its own created next to the one SLIPWAY_TEST_JDBC_URL names:
 * the worker's /v2 registry and its build-cache API in the tests. Auth is off here; the robot login is tested against
 * Distribution's token mode in {@code LayerStoreTest}.
 */
public final class LocalLayerStore implements AutoCloseable {

    private static final Path JAR = Path.of("../layer-store/target/quarkus-app/quarkus-run.jar");

    private final Process process;
    private final int port;
    private final String adminJdbc;
    private final String database;

    private LocalLayerStore(Process process, int port, String adminJdbc, String database) {
        this.process = process;
        this.port = port;
        this.adminJdbc = adminJdbc;
        this.database = database;
    }

    /** Starts one under {@code dir} (blobs and log) and waits until {@code GET /v2/} answers. */
    public static LocalLayerStore start(Path dir) throws IOException, InterruptedException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("the layer-store is not packaged at " + JAR.toAbsolutePath()
                    + " (the reactor builds it before build-worker: mvn -pl layer-store package)");
        }
        String jdbc = System.getenv("SLIPWAY_TEST_JDBC_URL");
        if (jdbc == null || jdbc.isBlank()) {
            throw new IllegalStateException("SLIPWAY_TEST_JDBC_URL must point at a PostgreSQL (./slipway test sets it)");
        }
        String database = "bw_layerstore_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        sql(jdbc, "create database " + database);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.createDirectories(dir);
        // run a copy: the jar loads its libraries lazily, and a rebuild of layer-store/ while a test runs would
        // pull them from under the process
        Path app = copyTree(JAR.getParent(), dir.resolve("quarkus-app"));
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar",
                app.resolve(JAR.getFileName()).toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("layer-store.log").toFile());
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("SLIPWAY_JDBC_URL", jdbc.substring(0, jdbc.lastIndexOf('/') + 1) + database);
        builder.environment().put("SLIPWAY_DATA", dir.toString());
        builder.environment().put("LAYERSTORE_STORAGE_ROOT", dir.resolve("blobs").toString());
        builder.environment().put("LAYERSTORE_AUTH_ENABLED", "false");
        builder.environment().put("LAYERSTORE_GC_EVERY", "off");
        LocalLayerStore store = new LocalLayerStore(builder.start(), port, jdbc, database);
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline && store.process.isAlive()) {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(store.url() + "/v2/").toURL().openConnection();
                if (c.getResponseCode() == 200) {
                    return store;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(100);
        }
        store.close();
        throw new IOException("the layer-store did not start; see " + dir.resolve("layer-store.log"));
    }

    /** Base URL: {@code /v2} and {@code /api/v1}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** {@code host:port}, as image references name it. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        try {
            sql(adminJdbc, "drop database if exists " + database + " with (force)");
        } catch (IOException e) {
            // a leftover database in the throwaway PostgreSQL of the test run
        }
    }

    private static Path copyTree(Path from, Path to) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.walk(from)) {
            all = s.toList();
        }
        for (Path p : all) {
            Path target = to.resolve(from.relativize(p).toString());
            if (Files.isDirectory(p)) {
                Files.createDirectories(target);
            } else {
                Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return to;
    }

    private static void sql(String jdbc, String statement) throws IOException {
        Properties login = new Properties();
        login.setProperty("user", "slipway");
        login.setProperty("password", "slipway");
        // the driver directly: after a @QuarkusTest ran, DriverManager no longer sees drivers of the test class path
        try (Connection c = new org.postgresql.Driver().connect(jdbc, login); Statement s = c.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new IOException("PostgreSQL at " + jdbc + ": " + statement + ": " + e.getMessage(), e);
        }
    }
}
