package dev.slipway.sync.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.common.oci.ImageReference;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code SLIPWAY_UPSTREAMS} parsing and where upstream images land in the layer-store. */
class UpstreamConfigTest {

    @Test
    void parsesHostEqualsUrlOverrides() {
        assertThat(Registries.parseOverrides(List.of("docker.io=http://127.0.0.1:5001", " quay.io = https://q.example ", "")))
                .isEqualTo(Map.of("docker.io", URI.create("http://127.0.0.1:5001"),
                        "quay.io", URI.create("https://q.example")));
        assertThatThrownBy(() -> Registries.parseOverrides(List.of("docker.io")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected host=url");
    }

    @Test
    void dockerHubImagesKeepTheirHubPathOthersGoUnderTheirHost() {
        assertThat(LocalNames.repository(ImageReference.parse("centos")).value()).isEqualTo("library/centos");
        assertThat(LocalNames.repository(ImageReference.parse("training/sinatra")).value())
                .isEqualTo("training/sinatra");
        assertThat(LocalNames.repository(ImageReference.parse("quay.io/coreos/etcd:v3")).value())
                .isEqualTo("quay.io/coreos/etcd");
        assertThat(LocalNames.repository(ImageReference.parse("127.0.0.1:5001/team/app")).value())
                .isEqualTo("127.0.0.1_5001/team/app");
    }
}
