package dev.slipway.deploy.check;

import dev.slipway.common.oci.Tag;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The checkout under test: its services' facts and its rendered overlays (rendered once per test run). */
final class Farm {
    static final List<String> SERVICES = List.of("api-gateway", "registry-sync", "layer-store", "build-worker");
    private static final Map<String, RenderedManifests> RENDERED = new ConcurrentHashMap<>();

    private Farm() {
    }

    /** @return the checkout root (surefire passes it; running from the module folder works too) */
    static Path root() {
        Path root = Path.of(System.getProperty("slipway.root", "../..")).toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("deploy/k8s"))) {
            throw new IllegalStateException("not a Slipway checkout: " + root);
        }
        return root;
    }

    /** @return the project version, which Jib uses as the images' tag (surefire passes it) */
    static Tag version() {
        String version = System.getProperty("slipway.version");
        if (version == null) {
            throw new IllegalStateException("system property slipway.version is not set (run the tests with Maven)");
        }
        return Tag.parse(version);
    }

    static Map<String, ServiceFacts> services() {
        Map<String, ServiceFacts> facts = new LinkedHashMap<>();
        for (String module : SERVICES) {
            facts.put(module, ServiceFacts.read(root(), module));
        }
        return facts;
    }

    /** @param dir e.g. {@code overlays/production}, relative to deploy/k8s */
    static RenderedManifests render(String dir) {
        return RENDERED.computeIfAbsent(dir,
                d -> RenderedManifests.parse(d, Kustomize.build(root().resolve("deploy/k8s").resolve(d))));
    }
}
