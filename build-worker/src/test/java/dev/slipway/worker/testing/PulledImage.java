package dev.slipway.worker.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An image pulled back with independent tools: {@code skopeo copy} into an OCI layout and {@code umoci unpack} into a
 * rootfs, with its config as skopeo reports it.
 *
 * @param rootfs the flattened filesystem
 * @param config the image config JSON
 * @param manifestDigest the manifest digest skopeo saw
 */
public record PulledImage(Path rootfs, JsonNode config, String manifestDigest) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static PulledImage pull(String reference, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path layout = dir.resolve("layout");
        Path bundle = dir.resolve("bundle");
        run(List.of("skopeo", "copy", "--quiet", "--src-tls-verify=false", "docker://" + reference, "oci:" + layout + ":img"));
        run(List.of("umoci", "unpack", "--image", layout + ":img", bundle.toString()));
        String config = run(List.of("skopeo", "inspect", "--config", "--raw", "--tls-verify=false", "docker://" + reference));
        String digest = JSON.readTree(run(List.of("skopeo", "inspect", "--tls-verify=false", "docker://" + reference)))
                .path("Digest").asText();
        return new PulledImage(bundle.resolve("rootfs"), JSON.readTree(config), digest);
    }

    /** Runs a command and returns stdout; fails with its output. */
    public static String run(List<String> argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(argv)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", argv) + " failed: " + out);
        }
        return out;
    }

    public Path file(String path) {
        return rootfs.resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    public String read(String path) throws IOException {
        return Files.readString(file(path));
    }
}
