package dev.slipway.registry.testing;

import java.nio.file.Path;
import java.util.List;

/**
 * skopeo, the independent client tests verify registry content with; logged in as the registry's
 * {@link LocalRegistry#login()} when it has one.
 */
public final class Skopeo {

    private Skopeo() { }

    /** The manifest digest {@code repository:tag} resolves to. */
    public static String digest(LocalRegistry registry, String reference) {
        return TestImage.run(withLogin(registry, "--creds", List.of("skopeo", "inspect", "--tls-verify=false",
                "--format", "{{.Digest}}", "docker://" + registry.hostPort() + "/" + reference))).trim();
    }

    /** The exact manifest bytes served for {@code repository:tag}, as text. */
    public static String rawManifest(LocalRegistry registry, String reference) {
        return TestImage.run(withLogin(registry, "--creds", List.of("skopeo", "inspect", "--raw", "--tls-verify=false",
                "docker://" + registry.hostPort() + "/" + reference)));
    }

    /** Copies the image (every platform) into an OCI layout, which makes skopeo fetch and verify every blob. */
    public static void copyToLayout(LocalRegistry registry, String reference, Path layout, String tag) {
        TestImage.run(withLogin(registry, "--src-creds", List.of("skopeo", "copy", "--all", "--src-tls-verify=false",
                "docker://" + registry.hostPort() + "/" + reference, "oci:" + layout + ":" + tag)));
    }

    // the options go right after the sub-command: skopeo <cmd> <creds option> <user:password> ...
    private static List<String> withLogin(LocalRegistry registry, String option, List<String> cmd) {
        if (registry.login() == null) {
            return cmd;
        }
        List<String> out = new java.util.ArrayList<>(cmd.subList(0, 2));
        out.add(option);
        out.add(registry.login());
        out.addAll(cmd.subList(2, cmd.size()));
        return out;
    }
}
