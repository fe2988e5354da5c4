package dev.slipway.deploy.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.common.oci.ImageReference;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.common.oci.Tag;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The manifests run exactly the images {@code ./slipway images} pushes, and those are the ones the services' Jib
 * settings name: {@code <registry>/<quarkus.container-image.group>/<service>:<project version>}.
 */
class ServiceImagesTest {
    private static final String FARM_REGISTRY = "127.0.0.1:5000";

    /** What {@code ./slipway images --list [--registry R]} says it pushes; it builds nothing. */
    private static List<ImageReference> slipwayImagesList(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", Farm.root().resolve("slipway").toString(),
                "images", "--list"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("SLIPWAY_REGISTRY_PORT"); // the farm's default port, as the dev overlay has it
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        return output.lines().map(ImageReference::parse).toList();
    }

    /** What Jib pushes for each service when told to push to {@code registry}, from the services' own settings. */
    private static List<ImageReference> jibImages(String registry) {
        return Farm.services().values().stream()
                .map(f -> ImageReference.of(registry, f.image(), Farm.version())).toList();
    }

    @Test
    void slipwayImagesPushesWhatJibNamesFromTheServicesSettings() throws Exception {
        assertThat(slipwayImagesList()).containsExactlyInAnyOrderElementsOf(jibImages(FARM_REGISTRY));
        assertThat(slipwayImagesList("--registry", "registry.example.com:443"))
                .containsExactlyInAnyOrderElementsOf(jibImages("registry.example.com:443"));
        assertThat(Farm.services().values()).extracting(f -> f.image().value())
                .containsExactlyInAnyOrder("slipway/api-gateway", "slipway/registry-sync", "slipway/layer-store",
                        "slipway/build-worker");
    }

    @Test
    void devOverlayRunsExactlyTheImagesSlipwayImagesPushesIntoTheFarm() throws Exception {
        RenderedManifests dev = Farm.render("overlays/dev");

        assertThat(PushedImages.compare(dev, slipwayImagesList())).isEmpty();
    }

    @Test
    void productionRunsTheSameRepositoriesFromTheOperatorsRegistryAtAPinnedTag() throws Exception {
        RenderedManifests production = Farm.render("overlays/production");
        List<ImageReference> pushed = slipwayImagesList("--registry", "registry.example.com").stream()
                .map(r -> r.withTag(Tag.parse("0.1.0"))).toList();

        assertThat(PushedImages.compare(production, pushed)).isEmpty();
    }

    @Test
    void anImageTheBuildDidNotPushFails() throws Exception {
        RenderedManifests dev = Farm.render("overlays/dev").with("Deployment", "registry-sync", d -> {
            var c = (ObjectNode) d.with("spec").with("template").with("spec")
                    .withArray("containers").get(0);
            c.put("image", c.path("image").asText().replace(":" + Farm.version().value(), ":0.0.9"));
            return d;
        });

        assertThat(PushedImages.compare(dev, slipwayImagesList())).map(Violation::toString)
                .anyMatch(v -> v.startsWith("Deployment/registry-sync: runs image 127.0.0.1:5000/slipway/registry-sync"
                        + ":0.0.9, which the image build did not push"))
                .anyMatch(v -> v.endsWith("no workload runs the pushed image "
                        + ImageReference.of(FARM_REGISTRY, RepositoryName.parse("slipway/registry-sync"),
                                Farm.version())));
    }
}
