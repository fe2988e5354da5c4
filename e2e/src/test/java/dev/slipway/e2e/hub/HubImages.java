package dev.slipway.e2e.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Seeds the Hub stand-in with the tutorial's images, made here from the host's busybox-static: a base layer
 * ({@code /bin/busybox} with a symlink per applet, {@code /etc/passwd}, {@code /etc/group}, {@code /tmp}) and for each
 * stand-in one more layer with {@code /etc/stand-in} naming it, so every image has its own digest while they share the
 * base layer, as Hub images share theirs. Built as an OCI layout with umoci, copied to the registry with skopeo.
 */
public final class HubImages {

    /** The Hub references seeded (Docker Hub paths: official images under {@code library/}). */
    public static final List<String> STAND_INS = List.of(
            "library/ubuntu:14.04", "library/ubuntu:12.04", "library/centos:latest",
            "training/sinatra:latest", "training/webapp:latest");

    private HubImages() {
    }

    /**
     * Builds the stand-ins and pushes them to the registry.
     *
     * @param registry {@code 127.0.0.1:<port>}
     * @param workDir  an empty scratch folder
     */
    public static void seed(String registry, Path workDir) {
        try {
            Path layout = workDir.resolve("layout");
            Tool.run("umoci", "init", "--layout", layout.toString());
            Tool.run("umoci", "new", "--image", layout + ":base");
            // unpack + repack, not `umoci insert`: umoci 0.4.7's insert writes a tar without its end blocks.
            Path base = workDir.resolve("base-bundle");
            Tool.run("umoci", "unpack", "--image", layout + ":base", base.toString());
            writeBaseRootfs(base.resolve("rootfs"));
            Tool.run("umoci", "repack", "--image", layout + ":base", "--history.created_by",
                    "/bin/sh -c #(nop) ADD busybox-static rootfs /", base.toString());
            Tool.run("umoci", "config", "--image", layout + ":base", "--config.cmd", "/bin/sh",
                    "--config.env", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                    "--history.created_by", "/bin/sh -c #(nop) CMD [\"/bin/sh\"]");
            for (String reference : STAND_INS) {
                String tag = reference.replaceAll("[^A-Za-z0-9_.-]", "_");
                Path bundle = workDir.resolve(tag + "-bundle");
                Tool.run("umoci", "unpack", "--image", layout + ":base", bundle.toString());
                Files.writeString(bundle.resolve("rootfs/etc/stand-in"), "stand-in for " + reference + "\n",
                        StandardCharsets.UTF_8);
                Tool.run("umoci", "repack", "--image", layout + ":" + tag, "--history.created_by",
                        "/bin/sh -c #(nop) ADD stand-in /etc/stand-in", bundle.toString());
                Tool.run("skopeo", "copy", "--dest-tls-verify=false", "oci:" + layout + ":" + tag,
                        "docker://" + registry + "/" + reference);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the stand-in images under " + workDir, e);
        }
    }

    private static void writeBaseRootfs(Path rootfs) throws IOException {
        Path bin = Files.createDirectories(rootfs.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
        for (String applet : Tool.run("/bin/busybox", "--list").split("\\s+")) {
            if (!applet.isBlank() && !applet.equals("busybox")) {
                Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
            }
        }
        Path etc = Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\nnogroup:x:65534:\n");
        Files.createDirectories(rootfs.resolve("tmp"));
        Files.createDirectories(rootfs.resolve("root"));
    }
}
