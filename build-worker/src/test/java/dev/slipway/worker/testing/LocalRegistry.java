package dev.slipway.worker.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real CNCF Distribution registry ({@code docker-registry serve}) on a free loopback port: the /v2 target of the
 * build tests until the layer-store serves the same API.
 */
public final class LocalRegistry implements AutoCloseable {

    private final Process process;
    private final int port;

    private LocalRegistry(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static LocalRegistry start(Path dir) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.createDirectories(dir.resolve("data"));
        Path config = Files.writeString(dir.resolve("config.yml"), "version: 0.1\n"
                + "log: { level: error }\n"
                + "storage: { filesystem: { rootdirectory: " + dir.resolve("data") + " }, delete: { enabled: true } }\n"
                + "http: { addr: 127.0.0.1:" + port + " }\n");
        Process p = new ProcessBuilder("docker-registry", "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        LocalRegistry r = new LocalRegistry(p, port);
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(r.url() + "/v2/").toURL().openConnection();
                if (c.getResponseCode() == 200) {
                    return r;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(50);
        }
        r.close();
        throw new IOException("docker-registry did not start; see " + dir.resolve("registry.log"));
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public String host() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
