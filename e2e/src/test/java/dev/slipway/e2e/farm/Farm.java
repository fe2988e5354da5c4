package dev.slipway.e2e.farm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The whole farm as real processes, configured the way {@code ./slipway up} configures it (see the script's
 * {@code service_env}): its own Kafka broker, its own database in the test PostgreSQL, a fresh data folder, a loopback
 * {@code docker-registry} standing in for Docker Hub ({@code SLIPWAY_UPSTREAMS=docker.io=http://127.0.0.1:<port>}),
 * then layer-store, registry-sync, build-worker(s) and api-gateway, each from its packaged {@code quarkus-run.jar} on a
 * free loopback port. Every process's output goes to {@code target/e2e-logs/<label>/<name>.log}.
 *
 * <p>One farm per test class: start it in {@code @BeforeAll}, {@link #close()} it in {@code @AfterAll}. A JVM that
 * exits without closing it (a crash, Ctrl-C) still stops its processes through a shutdown hook.
 */
public final class Farm implements AutoCloseable {

    private static final List<String> SERVICE_JVM_OPTIONS = List.of("-Xmx512m", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC");

    private final Checkout checkout;
    private final Path data;
    private final Path logs;
    private final FarmDatabase database;
    private final KafkaBroker kafka;
    private final HubRegistry hub;
    private final ServiceProcess layerStore;
    private final ServiceProcess registrySync;
    private final List<ServiceProcess> workers = new ArrayList<>();
    private final ServiceProcess gateway;
    private final Thread shutdownHook;
    private boolean closed;

    private Farm(String label, FarmOptions options) throws IOException {
        checkout = Checkout.current();
        // Fail on an unpackaged checkout before anything is created that would need cleaning up.
        List.of("layer-store", "registry-sync", "build-worker", "api-gateway", "cli").forEach(checkout::quarkusRunJar);
        checkout.localKafkaClasspath();
        logs = Path.of(System.getProperty("slipway.e2e.logs", "target/e2e-logs")).resolve(label);
        deleteTree(logs);
        Files.createDirectories(logs);
        data = Files.createTempDirectory("slipway-e2e-");
        database = FarmDatabase.named();
        kafka = new KafkaBroker(checkout, data.resolve("kafka"), logs.resolve("kafka.log"));
        hub = new HubRegistry(data.resolve("hub"), logs.resolve("hub.log"));

        int layerStorePort = Ports.free();
        int syncPort = Ports.free();
        int gatewayPort = Ports.free();
        Map<String, String> common = new LinkedHashMap<>();
        common.put("SLIPWAY_DATA", data.toString());
        common.put("SLIPWAY_KAFKA", kafka.bootstrapServers());
        common.put("SLIPWAY_JDBC_URL", database.jdbcUrl());
        common.put("SLIPWAY_DB_USER", FarmDatabase.USER);
        common.put("SLIPWAY_DB_PASSWORD", FarmDatabase.PASSWORD);
        common.put("SLIPWAY_GATEWAY_URL", "http://127.0.0.1:" + gatewayPort);
        common.put("SLIPWAY_LAYER_STORE_URL", "http://127.0.0.1:" + layerStorePort);
        common.put("SLIPWAY_REGISTRY_SYNC_URL", "http://127.0.0.1:" + syncPort);
        common.put("SLIPWAY_UPSTREAMS", "docker.io=http://" + hub.address());
        common.put("GATEWAY_LAYER_STORE_URL", "http://127.0.0.1:" + layerStorePort);
        common.put("GATEWAY_REGISTRY_SYNC_URL", "http://127.0.0.1:" + syncPort);
        // /v2 takes the gateway's registry tokens, as on a farm ./slipway up starts: build-worker and registry-sync
        // log in as the robots whose tokens the gateway writes under SLIPWAY_DATA/robots.
        common.put("LAYERSTORE_AUTH_REALM", "http://127.0.0.1:" + gatewayPort + "/api/v1/token");
        common.put("LAYERSTORE_AUTH_JWKS_URL", "http://127.0.0.1:" + gatewayPort + "/api/v1/token/keys");

        layerStore = service("layer-store", "layer-store", layerStorePort, common, Map.of());
        registrySync = service("registry-sync", "registry-sync", syncPort, common, Map.of());
        for (int i = 1; i <= options.workers(); i++) {
            String name = "build-worker-" + i;
            // Two workers on one machine must not share unpacked layers, snapshots and runc state.
            workers.add(service(name, "build-worker", Ports.free(), common, Map.of(
                    "WORKER_NAME", name,
                    "WORKER_WORK_DIR", data.resolve(name).toString())));
        }
        gateway = service("api-gateway", "api-gateway", gatewayPort, common, options.gatewayEnvironment());
        shutdownHook = new Thread(this::stopProcesses, "e2e-farm-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts a farm and returns once every service's health check is UP.
     *
     * @param label   names the log folder ({@code target/e2e-logs/<label>}); usually the test class
     * @param options workers and extra gateway settings
     * @return the running farm
     */
    public static Farm start(String label, FarmOptions options) {
        Farm farm;
        try {
            farm = new Farm(label, options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the farm's folders", e);
        }
        try {
            farm.database.create();
            farm.hub.start();
            farm.kafka.start();
            List<ServiceProcess> all = farm.services();
            all.forEach(ServiceProcess::start);
            all.forEach(ServiceProcess::awaitHealthy);
            return farm;
        } catch (RuntimeException e) {
            farm.close();
            throw e;
        }
    }

    private ServiceProcess service(String name, String module, int port, Map<String, String> common,
            Map<String, String> extra) {
        Map<String, String> environment = new LinkedHashMap<>(common);
        environment.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        environment.putAll(extra);
        return new ServiceProcess(name, checkout.quarkusRunJar(module), SERVICE_JVM_OPTIONS, environment, port,
                logs.resolve(name + ".log"));
    }

    private List<ServiceProcess> services() {
        List<ServiceProcess> all = new ArrayList<>();
        all.add(layerStore);
        all.add(registrySync);
        all.addAll(workers);
        all.add(gateway);
        return all;
    }

    /** @return the checkout whose packaged modules run */
    public Checkout checkout() {
        return checkout;
    }

    /** @return the api-gateway's base URL ({@code http://127.0.0.1:<port>}) */
    public URI gatewayUrl() {
        return gateway.url();
    }

    /** @return the upstream "Hub" as {@code 127.0.0.1:<port>} */
    public String hubAddress() {
        return hub.address();
    }

    /** @return the farm's Kafka bootstrap servers */
    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    /**
     * @param name a folder name
     * @return a new empty folder inside the farm's data folder, for a test's scratch files (removed with the farm)
     */
    public Path scratchDir(String name) {
        try {
            return Files.createDirectories(data.resolve("scratch").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch folder under " + data, e);
        }
    }

    /** @return the folder with every process's log */
    public Path logDir() {
        return logs;
    }

    /** @return the token of the administrator the gateway created on its first start ({@code <data>/admin-token}) */
    public String adminToken() {
        try {
            return Files.readString(data.resolve("admin-token"), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("the gateway wrote no admin token under " + data, e);
        }
    }

    /** @return the api-gateway process */
    public ServiceProcess gateway() {
        return gateway;
    }

    /**
     * @param number 1-based
     * @return that build-worker process ({@code build-worker-<number>})
     */
    public ServiceProcess worker(int number) {
        return workers.get(number - 1);
    }

    /** Stops every process, drops the database and removes the data folder. Logs stay. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook does the same
        }
        stopProcesses();
        try {
            database.drop();
        } finally {
            unmountUnder(data);
            deleteTree(data);
        }
    }

    private void stopProcesses() {
        // Services all at once (none needs another to shut down), then the broker and the Hub.
        List<Thread> stoppers = services().stream().map(s -> new Thread(s::stop, "stop-" + s.name())).toList();
        stoppers.forEach(Thread::start);
        for (Thread stopper : stoppers) {
            try {
                stopper.join(Duration.ofSeconds(60).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        kafka.stop();
        hub.stop();
    }

    /** A killed worker leaves its overlay mounts behind; deleting through them would be deleting their lower dirs. */
    private static void unmountUnder(Path folder) {
        try {
            List<String> mounts = Files.readAllLines(Path.of("/proc/self/mounts")).stream()
                    .map(line -> line.split(" ")[1])
                    .filter(point -> point.startsWith(folder.toString()))
                    .sorted(Comparator.reverseOrder())
                    .toList();
            for (String point : mounts) {
                new ProcessBuilder("umount", "-l", point).inheritIO().start().waitFor();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/mounts", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + folder, e);
        }
    }
}
