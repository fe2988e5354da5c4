package dev.slipway.layerstore.clients;

import static dev.slipway.layerstore.support.Blobs.random;
import static dev.slipway.layerstore.support.Blobs.repo;
import static dev.slipway.layerstore.support.Blobs.v2;
import static dev.slipway.layerstore.support.Tools.registry;
import static dev.slipway.layerstore.support.Tools.run;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.common.oci.Digest;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The registry as independent clients see it: images built with umoci, pushed and pulled with skopeo, unpacked with
 * umoci. Nothing here uses the layer-store's own code.
 */
@QuarkusTest
class SkopeoUmociTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path STORAGE = Path.of("target/layerstore-test/blobs");

    private Path work;

    @BeforeEach
    void workspace() throws IOException {
        work = Files.createDirectories(Path.of("target/clients-test", UUID.randomUUID().toString()).toAbsolutePath());
    }

    /** Builds a two-layer busybox image in an OCI layout with umoci. */
    private Path busyboxLayout(String tag) throws IOException {
        Path layout = work.resolve("layout");
        run(work, "umoci", "init", "--layout", layout.toString());
        run(work, "umoci", "new", "--image", layout + ":" + tag);
        Path rootfs = Files.createDirectories(work.resolve("rootfs/bin"));
        Files.copy(Path.of("/bin/busybox"), rootfs.resolve("busybox"));
        run(work, "umoci", "insert", "--image", layout + ":" + tag, work.resolve("rootfs").toString(), "/");
        Files.writeString(work.resolve("hello.txt"), "hello from slipway\n");
        run(work, "umoci", "insert", "--image", layout + ":" + tag, work.resolve("hello.txt").toString(),
                "/etc/hello.txt");
        run(work, "umoci", "config", "--image", layout + ":" + tag, "--config.cmd", "/bin/sh");
        return layout;
    }

    private static Digest manifestDigestOf(Path layout, String tag) throws IOException {
        for (JsonNode entry : JSON.readTree(layout.resolve("index.json").toFile()).get("manifests")) {
            if (tag.equals(entry.path("annotations").path("org.opencontainers.image.ref.name").asText())) {
                return Digest.parse(entry.get("digest").asText());
            }
        }
        throw new AssertionError("no " + tag + " in " + layout);
    }

    private static JsonNode blobJson(Path layout, Digest digest) throws IOException {
        return JSON.readTree(layout.resolve("blobs/sha256").resolve(digest.hex()).toFile());
    }

    @Test
    void imageRoundTripsThroughSkopeoWithEveryDigestKept() throws IOException {
        Path layout = busyboxLayout("v1");
        String repository = repo("clients/busybox");
        String reference = "docker://" + registry() + "/" + repository + ":v1";
        Digest manifest = manifestDigestOf(layout, "v1");
        List<String> layers = new ArrayList<>();
        blobJson(layout, manifest).get("layers").forEach(layer -> layers.add(layer.get("digest").asText()));
        assertThat(layers).hasSize(2);

        run(work, "skopeo", "copy", "--dest-tls-verify=false", "oci:" + layout + ":v1", reference);

        JsonNode inspected = JSON.readTree(run(work, "skopeo", "inspect", "--tls-verify=false", reference));
        assertThat(inspected.get("Digest").asText()).isEqualTo(manifest.toString());
        assertThat(inspected.get("Layers")).extracting(JsonNode::asText).containsExactlyElementsOf(layers);
        JsonNode tags = JSON.readTree(run(work, "skopeo", "list-tags", "--tls-verify=false",
                "docker://" + registry() + "/" + repository));
        assertThat(tags.get("Tags")).extracting(JsonNode::asText).containsExactly("v1");

        Path pulled = work.resolve("pulled");
        run(work, "skopeo", "copy", "--src-tls-verify=false", reference, "oci:" + pulled + ":v1");
        assertThat(manifestDigestOf(pulled, "v1")).isEqualTo(manifest);
        for (String layer : layers) {
            assertThat(pulled.resolve("blobs/sha256").resolve(Digest.parse(layer).hex()))
                    .hasSameBinaryContentAs(layout.resolve("blobs/sha256").resolve(Digest.parse(layer).hex()));
        }

        Path bundle = work.resolve("bundle");
        run(work, "umoci", "unpack", "--image", pulled + ":v1", bundle.toString());
        assertThat(bundle.resolve("rootfs/etc/hello.txt")).hasContent("hello from slipway");
        assertThat(bundle.resolve("rootfs/bin/busybox")).hasSameBinaryContentAs(Path.of("/bin/busybox"));
    }

    @Test
    void multiPlatformIndexRoundTripsWithAll() throws IOException {
        Path layout = busyboxLayout("amd64");
        run(work, "umoci", "config", "--image", layout + ":amd64", "--architecture", "amd64");
        run(work, "umoci", "tag", "--image", layout + ":amd64", "arm64");
        run(work, "umoci", "config", "--image", layout + ":arm64", "--architecture", "arm64");
        Digest index = writeIndex(layout, "multi", "amd64", "arm64");
        String repository = repo("clients/multi");
        String reference = "docker://" + registry() + "/" + repository + ":multi";

        run(work, "skopeo", "copy", "--all", "--dest-tls-verify=false", "oci:" + layout + ":multi", reference);

        String raw = run(work, "skopeo", "inspect", "--raw", "--tls-verify=false", reference);
        assertThat(Digest.sha256(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(index);
        Path pulled = work.resolve("pulled");
        run(work, "skopeo", "copy", "--all", "--src-tls-verify=false", reference, "oci:" + pulled + ":multi");
        assertThat(manifestDigestOf(pulled, "multi")).isEqualTo(index);
        for (JsonNode child : blobJson(layout, index).get("manifests")) {
            assertThat(pulled.resolve("blobs/sha256").resolve(Digest.parse(child.get("digest").asText()).hex()))
                    .exists();
        }
        JsonNode arm = JSON.readTree(run(work, "skopeo", "inspect", "--tls-verify=false", "--override-arch", "arm64",
                reference));
        assertThat(arm.get("Architecture").asText()).isEqualTo("arm64");
    }

    /** Adds an OCI image index over two tagged manifests to a layout, as {@code tag}. */
    private static Digest writeIndex(Path layout, String tag, String... children) throws IOException {
        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", "application/vnd.oci.image.index.v1+json");
        ArrayNode manifests = index.putArray("manifests");
        for (String child : children) {
            Digest digest = manifestDigestOf(layout, child);
            ObjectNode entry = manifests.addObject();
            entry.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
            entry.put("digest", digest.toString());
            entry.put("size", Files.size(layout.resolve("blobs/sha256").resolve(digest.hex())));
            entry.putObject("platform").put("architecture", child).put("os", "linux");
        }
        byte[] bytes = JSON.writeValueAsBytes(index);
        Digest digest = Digest.sha256(bytes);
        Files.write(layout.resolve("blobs/sha256").resolve(digest.hex()), bytes);
        ObjectNode top = (ObjectNode) JSON.readTree(layout.resolve("index.json").toFile());
        ObjectNode entry = ((ArrayNode) top.get("manifests")).addObject();
        entry.put("mediaType", "application/vnd.oci.image.index.v1+json");
        entry.put("digest", digest.toString());
        entry.put("size", bytes.length);
        entry.putObject("annotations").put("org.opencontainers.image.ref.name", tag);
        JSON.writeValue(layout.resolve("index.json").toFile(), top);
        return digest;
    }

    @Test
    void threeImagesSharingA20MbLayerStoreItOnceAndTransferItOnce() throws IOException {
        Path layout = work.resolve("layout");
        run(work, "umoci", "init", "--layout", layout.toString());
        run(work, "umoci", "new", "--image", layout + ":base");
        Path shared = Files.createDirectories(work.resolve("shared"));
        Files.write(shared.resolve("data.bin"), random(20 * 1024 * 1024));
        run(work, "umoci", "insert", "--image", layout + ":base", shared.toString(), "/data");
        Digest sharedLayer = Digest.parse(blobJson(layout, manifestDigestOf(layout, "base")).get("layers").get(0)
                .get("digest").asText());
        String prefix = repo("clients/dedupe");
        for (String name : new String[] {"a", "b", "c"}) {
            run(work, "umoci", "tag", "--image", layout + ":base", name);
            Files.writeString(work.resolve(name + ".txt"), name);
            run(work, "umoci", "insert", "--image", layout + ":" + name, work.resolve(name + ".txt").toString(),
                    "/" + name + ".txt");
        }
        JsonNode before = stats();

        run(work, "skopeo", "copy", "--dest-tls-verify=false", "oci:" + layout + ":a",
                "docker://" + registry() + "/" + prefix + "-a:v1");
        double afterFirst = bytesIn();
        for (String name : new String[] {"b", "c"}) {
            run(work, "skopeo", "copy", "--dest-tls-verify=false", "oci:" + layout + ":" + name,
                    "docker://" + registry() + "/" + prefix + "-" + name + ":v1");
        }

        // The second and third push sent no byte of the shared layer (skopeo mounted it or found it present).
        assertThat(bytesIn() - afterFirst).isLessThan(64 * 1024);
        long layerSize = Files.size(layout.resolve("blobs/sha256").resolve(sharedLayer.hex()));
        assertThat(STORAGE.resolve("sha256").resolve(sharedLayer.hex().substring(0, 2)).resolve(sharedLayer.hex()))
                .hasSize(layerSize);
        JsonNode after = stats();
        long logical = after.get("logicalBytes").asLong() - before.get("logicalBytes").asLong();
        long physical = after.get("physicalBytes").asLong() - before.get("physicalBytes").asLong();
        assertThat(logical).isGreaterThanOrEqualTo(3 * layerSize);
        assertThat(physical).isLessThan(layerSize + 64 * 1024);
        for (String name : new String[] {"a", "b", "c"}) {
            v2().head("/v2/" + prefix + "-" + name + "/blobs/" + sharedLayer).then().statusCode(200);
        }
    }

    private static JsonNode stats() throws IOException {
        return JSON.readTree(given().get("/api/v1/stats").then().statusCode(200).extract().asByteArray());
    }

    private static double bytesIn() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("layerstore_bytes_in_bytes_total")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no layerstore_bytes_in metric");
    }
}
