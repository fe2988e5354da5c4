package dev.slipway.registry.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.common.oci.Descriptor;
import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.ImageIndex;
import dev.slipway.common.oci.ImageManifest;
import dev.slipway.common.oci.Manifest;
import dev.slipway.common.oci.MediaTypes;
import dev.slipway.common.oci.Platform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An image (single manifest or multi-platform index) written as an OCI image layout and pushed into a registry with
 * skopeo, an independent client: what a test seeds its upstream with.
 *
 * @param top the manifest or index the tag points to
 * @param blobs every blob by digest (configs, layers, child manifests)
 */
public record TestImage(Manifest top, Map<Digest, byte[]> blobs) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A linux/amd64 image with these layers. */
    public static TestImage single(List<TestLayer> layers) {
        Map<Digest, byte[]> blobs = new LinkedHashMap<>();
        return new TestImage(manifest(Platform.of("linux", "amd64"), layers, blobs), blobs);
    }

    /** An OCI index with one image per platform. */
    public static TestImage index(Map<Platform, List<TestLayer>> images) {
        Map<Digest, byte[]> blobs = new LinkedHashMap<>();
        List<Descriptor> children = new ArrayList<>();
        images.forEach((platform, layers) -> {
            ImageManifest m = manifest(platform, layers, blobs);
            blobs.put(m.digest(), m.bytes());
            children.add(Descriptor.of(m.mediaType(), m.digest(), m.size()).withPlatform(platform));
        });
        return new TestImage(ImageIndex.of(MediaTypes.OCI_INDEX, children, Map.of()), blobs);
    }

    /** The image's layers (all platforms). */
    public List<Descriptor> layers() {
        List<Descriptor> layers = new ArrayList<>();
        if (top instanceof ImageManifest m) {
            layers.addAll(m.layers());
        } else {
            for (Descriptor child : ((ImageIndex) top).manifests()) {
                layers.addAll(((ImageManifest) Manifest.parse(blobs.get(child.digest()), child.mediaType())).layers());
            }
        }
        return layers;
    }

    /**
     * Pushes the image with {@code skopeo copy --all} as {@code repository:tag}, logged in as {@code creds}
     * ({@code user:password}) or else as the registry's {@link LocalRegistry#login()}.
     */
    public void push(LocalRegistry registry, String repository, String tag, String creds, Path work) {
        Path layout = work.resolve("layout-" + top.digest().shortId());
        writeLayout(layout, tag);
        List<String> cmd = new ArrayList<>(List.of("skopeo", "copy", "--all", "--dest-tls-verify=false"));
        String login = creds != null ? creds : registry.login();
        if (login != null) {
            cmd.add("--dest-creds=" + login);
        }
        cmd.add("oci:" + layout + ":" + tag);
        cmd.add("docker://" + registry.hostPort() + "/" + repository + ":" + tag);
        run(cmd);
    }

    /** Runs a command, failing the test with its output when it fails. */
    public static String run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void writeLayout(Path layout, String tag) {
        try {
            Path dir = layout.resolve("blobs/sha256");
            Files.createDirectories(dir);
            for (Map.Entry<Digest, byte[]> blob : blobs.entrySet()) {
                Files.write(dir.resolve(blob.getKey().hex()), blob.getValue());
            }
            Files.write(dir.resolve(top.digest().hex()), top.bytes());
            Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
            ObjectNode index = JSON.createObjectNode().put("schemaVersion", 2);
            ObjectNode ref = index.putArray("manifests").addObject()
                    .put("mediaType", top.mediaType().value())
                    .put("digest", top.digest().toString())
                    .put("size", top.size());
            ref.putObject("annotations").put("org.opencontainers.image.ref.name", tag);
            Files.write(layout.resolve("index.json"), JSON.writeValueAsBytes(index));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ImageManifest manifest(Platform platform, List<TestLayer> layers, Map<Digest, byte[]> blobs) {
        ObjectNode config = JSON.createObjectNode()
                .put("architecture", platform.architecture())
                .put("os", platform.os())
                .put("created", "2024-01-01T00:00:00Z");
        config.putObject("config").putArray("Cmd").add("/bin/sh");
        ObjectNode rootfs = config.putObject("rootfs").put("type", "layers");
        ArrayNode diffIds = rootfs.putArray("diff_ids");
        List<Descriptor> layerDescriptors = new ArrayList<>();
        for (TestLayer layer : layers) {
            diffIds.add(layer.diffId().toString());
            blobs.put(layer.digest(), layer.gzip());
            layerDescriptors.add(layer.descriptor());
        }
        byte[] configBytes;
        try {
            configBytes = JSON.writeValueAsBytes(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Descriptor configDescriptor = Descriptor.of(MediaTypes.OCI_CONFIG, configBytes);
        blobs.put(configDescriptor.digest(), configBytes);
        return ImageManifest.of(MediaTypes.OCI_MANIFEST, configDescriptor, layerDescriptors, Map.of());
    }
}
