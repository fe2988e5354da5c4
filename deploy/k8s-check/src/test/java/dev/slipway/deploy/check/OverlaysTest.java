package dev.slipway.deploy.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every overlay, as kustomize renders it, passes every check. */
class OverlaysTest {

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/production"})
    void renderedOverlayPassesEveryCheck(String overlay) {
        RenderedManifests rendered = Farm.render(overlay);

        CheckReport report = ManifestCheck.check(rendered, Farm.services());

        assertThat(report.violations()).as(overlay).isEmpty();
        assertThat(rendered.documents()).as(overlay).hasSizeGreaterThan(15);
    }

    @Test
    void productionBringsNoKafkaNoDatabaseAndNoCredentials() {
        RenderedManifests production = Farm.render("overlays/production");

        assertThat(production.ofKind("Secret")).isEmpty();
        assertThat(production.ofKind("Kafka")).isEmpty();
        assertThat(production.ofKind("Cluster")).isEmpty();
        assertThat(ManifestCheck.check(production, Farm.services()).unverified()).isEmpty();
        assertThat(production.documents()).allSatisfy(m -> assertThat(m.tree().path("kind").asText().equals("Namespace")
                || m.tree().path("metadata").path("namespace").asText().equals("slipway")).as(m.id()).isTrue());
    }

    @Test
    void devRunsStrimziAndCloudNativePgAndSaysWhatItCouldNotVerify() {
        RenderedManifests dev = Farm.render("overlays/dev");

        assertThat(dev.ofKind("KafkaTopic")).extracting(m -> m.tree().path("spec").path("topicName").asText())
                .containsExactlyInAnyOrderElementsOf(KafkaCheck.PARTITIONS.keySet());
        assertThat(dev.find("KafkaNodePool", "dual-role")).isPresent();
        // No CloudNativePG CRD schema in the repository: listed as unverified, not passed silently.
        assertThat(ManifestCheck.check(dev, Farm.services()).unverified()).isEqualTo(List.of("Cluster/slipway-pg"));
    }

    @Test
    void buildWorkerIsPrivilegedScaledOnLagAndKeptAwayFromHostAndToken() {
        Manifest worker = Farm.render("overlays/production").find("Deployment", "build-worker").orElseThrow();

        var pod = worker.tree().path("spec").path("template").path("spec");
        assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).isFalse();
        assertThat(pod.path("containers").get(0).path("securityContext").path("privileged").asBoolean()).isTrue();
        assertThat(pod.path("volumes").get(0).has("emptyDir")).isTrue();
        assertThat(Farm.render("overlays/production").find("ScaledObject", "build-worker")).isPresent();
    }
}
