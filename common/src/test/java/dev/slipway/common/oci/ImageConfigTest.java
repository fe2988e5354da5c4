package dev.slipway.common.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageConfigTest {

    @Test
    void readsUmociConfigAndWritesTheSameBytes() {
        byte[] bytes = Fixtures.bytes("umoci-config.json");
        ImageConfig c = ImageConfig.parse(bytes);
        assertThat(c.architecture()).isEqualTo("amd64");
        assertThat(c.os()).isEqualTo("linux");
        assertThat(c.author()).isEqualTo("Slipway Tests");
        assertThat(c.created()).isEqualTo(Instant.parse("2026-11-28T07:58:12.797819245Z"));
        assertThat(c.config().env()).containsExactly("PATH=/bin");
        assertThat(c.config().envValue("PATH")).isEqualTo("/bin");
        assertThat(c.config().cmd()).containsExactly("sh");
        assertThat(c.config().workingDir()).isEqualTo("/root");
        assertThat(c.config().labels()).containsEntry("org.example", "demo");
        assertThat(c.config().exposedPorts()).containsExactly("80/tcp");
        assertThat(c.rootfs().diffIds()).containsExactly(
                Digest.parse("sha256:41149cf602509d031c6348a0d38a059d21fd33eed0729380dcf4d484ae11d5e0"));
        assertThat(c.history()).hasSize(2);
        assertThat(c.history().get(0).createdBy()).isEqualTo("COPY busybox /bin/busybox");
        assertThat(c.history().get(0).comment()).isEqualTo("add busybox");
        assertThat(c.history().get(0).emptyLayer()).isFalse();
        assertThat(c.history().get(1).emptyLayer()).isTrue();
        // canonical output follows the Go field order, so a Go-written config comes back byte for byte (umoci
        // writes with json.Encoder, which appends a newline)
        byte[] written = c.toJson();
        byte[] withNewline = java.util.Arrays.copyOf(written, written.length + 1);
        withNewline[written.length] = '\n';
        assertThat(new String(withNewline, StandardCharsets.UTF_8)).isEqualTo(new String(bytes, StandardCharsets.UTF_8));
        assertThat(Digest.sha256(withNewline))
                .hasToString("sha256:fdf3d78539eddc6e7858cac2ee5bde26512ab8b65414b74e0ac2368610f4c3f6");
    }

    @Test
    void builtConfigRoundTripsWithAStableDigest() {
        ImageConfig.ContainerConfig cc = ImageConfig.ContainerConfig.EMPTY.toBuilder()
                .env("PATH", "/usr/bin").env("A", "1").env("PATH", "/bin")
                .entrypoint(List.of("/bin/sh", "-c")).cmd(List.of("echo hi"))
                .user("1000:1000").workingDir("/app").volume("/data").exposePort("8080/tcp").exposePort("53/udp")
                .label("b", "2").label("a", "1").stopSignal("SIGTERM")
                .healthcheck(new ImageConfig.Healthcheck(List.of("CMD-SHELL", "true"), Duration.ofSeconds(30),
                        Duration.ofSeconds(3), null, null, 3))
                .shell(List.of("/bin/sh", "-c")).onBuild("RUN make")
                .build();
        assertThat(cc.env()).containsExactly("PATH=/bin", "A=1");
        Digest layer = Digest.sha256("layer".getBytes());
        ImageConfig c = ImageConfig.empty("linux", "arm64")
                .withCreated(Instant.parse("2024-01-02T03:04:05.100Z"), "me")
                .withConfig(cc)
                .withStep(layer, new ImageConfig.History(Instant.EPOCH, "COPY . /app", null, null, false))
                .withStep(null, new ImageConfig.History(Instant.EPOCH, "CMD [\"x\"]", null, "nop", true));
        byte[] json = c.toJson();
        ImageConfig again = ImageConfig.parse(json);
        assertThat(again).isEqualTo(c);
        assertThat(again.toJson()).isEqualTo(json);
        String text = new String(json, StandardCharsets.UTF_8);
        assertThat(text).startsWith("{\"created\":\"2024-01-02T03:04:05.1Z\",\"author\":\"me\",\"architecture\":\"arm64\"")
                .contains("\"ExposedPorts\":{\"53/udp\":{},\"8080/tcp\":{}}")
                .contains("\"Labels\":{\"a\":\"1\",\"b\":\"2\"}")
                .contains("\"Healthcheck\":{\"Test\":[\"CMD-SHELL\",\"true\"],\"Interval\":30000000000,\"Timeout\":3000000000,\"Retries\":3}")
                .contains("\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + layer + "\"]}")
                .contains("{\"created\":\"1970-01-01T00:00:00Z\",\"created_by\":\"CMD [\\\"x\\\"]\",\"comment\":\"nop\",\"empty_layer\":true}");
    }

    @Test
    void stepsMustAgreeWithEmptyLayer() {
        ImageConfig c = ImageConfig.empty("linux", "amd64");
        assertThatThrownBy(() -> c.withStep(null, new ImageConfig.History(null, "RUN x", null, null, false)))
                .hasMessageContaining("empty_layer");
    }

    @Test
    void rejectsInvalidConfigsNamingTheField() {
        assertThatThrownBy(() -> ImageConfig.parse("{\"os\":\"linux\"}".getBytes()))
                .isInstanceOf(InvalidImageConfigException.class)
                .hasMessage("invalid image config: architecture: required field is missing");
        assertThatThrownBy(() -> ImageConfig.parse(
                "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:x\"]}}".getBytes()))
                .hasMessage("invalid image config: rootfs.diff_ids[0]: invalid digest \"sha256:x\": sha256 digest must be 64 lowercase hex characters");
        assertThatThrownBy(() -> ImageConfig.parse(
                "{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"yesterday\"}".getBytes()))
                .hasMessageContaining("created: must be an RFC 3339 timestamp");
        assertThatThrownBy(() -> ImageConfig.parse(
                "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Env\":\"A=1\"}}".getBytes()))
                .hasMessage("invalid image config: config.Env: must be an array of strings");
        assertThatThrownBy(() -> ImageConfig.parse("{".getBytes())).hasMessageStartingWith("invalid image config: not valid JSON");
    }
}
