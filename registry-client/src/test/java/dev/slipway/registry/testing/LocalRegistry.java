package dev.slipway.registry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real CNCF Distribution registry ({@code docker-registry serve}) on a free loopback port, with its config and storage
 * in a folder of the test. Its own access log (written to {@code registry.log} in that folder) is what tests count
 * upstream requests from. Can be stopped and started again on the same port with the same content.
 */
public final class LocalRegistry implements AutoCloseable {

    private static final Pattern ACCESS = Pattern.compile("\"(GET|HEAD|PUT|POST|PATCH|DELETE) ([^ ]+) HTTP/[0-9.]+\" (\\d{3}) ");

    private final Path dir;
    private final int port;
    private final String authYaml;
    private Process process;
    private volatile String login;

    private LocalRegistry(Path dir, String authYaml) {
        this.dir = dir;
        this.port = FreePort.find();
        this.authYaml = authYaml;
    }

    /** An open registry (anonymous read and write), like a local mirror. */
    public static LocalRegistry open(Path dir) {
        return new LocalRegistry(dir, "").start();
    }

    /** A registry that wants HTTP Basic against an htpasswd file (bcrypt hashes). */
    public static LocalRegistry htpasswd(Path dir, Path htpasswdFile) {
        return new LocalRegistry(dir, "auth:\n  htpasswd:\n    realm: slipway-test\n    path: " + htpasswdFile + "\n")
                .start();
    }

    /** A registry with Docker's token auth, trusting tokens signed by the certificate in {@code rootCertBundle}. */
    public static LocalRegistry token(Path dir, URI realm, String service, String issuer, Path rootCertBundle) {
        return new LocalRegistry(dir, "auth:\n  token:\n    realm: " + realm + "\n    service: " + service
                + "\n    issuer: " + issuer + "\n    rootcertbundle: " + rootCertBundle + "\n").start();
    }

    /**
     * The {@code user:password} that {@link Skopeo} and {@link TestImage#push} use for this registry when the test
     * gives none (a registry with auth standing in for the layer-store).
     */
    public LocalRegistry loggedInAs(String userColonPassword) {
        login = userColonPassword;
        return this;
    }

    /** The login set by {@link #loggedInAs}, or {@code null}. */
    public String login() {
        return login;
    }

    /** Starts (again) on the same port with the same storage. */
    public synchronized LocalRegistry start() {
        try {
            Files.createDirectories(dir.resolve("storage"));
            Path config = dir.resolve("config.yml");
            Files.writeString(config, "version: 0.1\n"
                    + "log:\n  level: warn\n  accesslog:\n    disabled: false\n"
                    + "storage:\n  filesystem:\n    rootdirectory: " + dir.resolve("storage") + "\n"
                    + "  delete:\n    enabled: true\n"
                    + "http:\n  addr: 127.0.0.1:" + port + "\n"
                    + authYaml);
            process = new ProcessBuilder("docker-registry", "serve", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                    .start();
            awaitPort();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the registry process; its content stays. */
    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI uri() {
        return URI.create("http://" + hostPort());
    }

    /** {@code 127.0.0.1:<port>}, as skopeo wants it. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    /** The registry's combined output, access log included. */
    public Path log() {
        return dir.resolve("registry.log");
    }

    /** How many requests with this method and status hit paths matching the predicate, from the access log. */
    public long count(String method, int status, Predicate<String> path) {
        try {
            return Files.readAllLines(log(), StandardCharsets.UTF_8).stream()
                    .map(ACCESS::matcher)
                    .filter(Matcher::find)
                    .filter(m -> m.group(1).equals(method) && Integer.parseInt(m.group(3)) == status
                            && path.test(m.group(2)))
                    .count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Successful {@code GET /v2/<repository>/blobs/<digest>} requests (range requests answer 206 and count too). */
    public long blobGets(String repository, String digest) {
        String path = "/v2/" + repository + "/blobs/" + digest;
        return count("GET", 200, path::equals) + count("GET", 206, path::equals);
    }

    /** Every access-log line, for failure messages. */
    public List<String> accessLog() {
        try {
            return Files.readAllLines(log(), StandardCharsets.UTF_8).stream()
                    .filter(l -> ACCESS.matcher(l).find()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitPort() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("docker-registry exited: " + Files.readString(log()));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        }
        throw new IOException("docker-registry did not listen on " + port + ": " + Files.readString(log()));
    }
}
