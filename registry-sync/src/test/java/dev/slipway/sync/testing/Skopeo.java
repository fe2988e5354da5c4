package dev.slipway.sync.testing;

import java.nio.file.Path;
import java.util.List;

/** skopeo, the independent client tests verify registry content with. */
public final class Skopeo {

    private Skopeo() { }

    /** The manifest digest {@code repository:tag} resolves to. */
    public static String digest(LocalRegistry registry, String reference) {
        return TestImage.run(List.of("skopeo", "inspect", "--tls-verify=false", "--format", "{{.Digest}}",
                "docker://" + registry.hostPort() + "/" + reference)).trim();
    }

    /** The exact manifest bytes served for {@code repository:tag}, as text. */
    public static String rawManifest(LocalRegistry registry, String reference) {
        return TestImage.run(List.of("skopeo", "inspect", "--raw", "--tls-verify=false",
                "docker://" + registry.hostPort() + "/" + reference));
    }

    /** Copies the image (every platform) into an OCI layout, which makes skopeo fetch and verify every blob. */
    public static void copyToLayout(LocalRegistry registry, String reference, Path layout, String tag) {
        TestImage.run(List.of("skopeo", "copy", "--all", "--src-tls-verify=false",
                "docker://" + registry.hostPort() + "/" + reference, "oci:" + layout + ":" + tag));
    }
}
