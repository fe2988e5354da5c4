package dev.slipway.worker.build;

import dev.slipway.common.oci.ImageConfig;
import dev.slipway.common.oci.ImageConfig.ContainerConfig;
import dev.slipway.worker.dockerfile.Instruction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies the metadata instructions to the image's container config with Docker's rules: shell-form CMD,
 * ENTRYPOINT and HEALTHCHECK run through the SHELL; ENTRYPOINT clears a CMD inherited from the base image;
 * EXPOSE ranges expand and a missing protocol means tcp; a relative WORKDIR is joined to the previous one.
 */
final class ConfigSteps {

    /** Docker's default shell. */
    static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");

    private ConfigSteps() {
    }

    static List<String> shell(ContainerConfig c) {
        return c.shell().isEmpty() ? DEFAULT_SHELL : c.shell();
    }

    static ContainerConfig cmd(ContainerConfig c, Instruction.Command command) {
        return c.toBuilder().cmd(command.argv(shell(c))).build();
    }

    /** ENTRYPOINT; {@code cmdSetInStage} tells whether a CMD of this stage must survive. */
    static ContainerConfig entrypoint(ContainerConfig c, Instruction.Command command, boolean cmdSetInStage) {
        ContainerConfig.Builder b = c.toBuilder().entrypoint(command.argv(shell(c)));
        if (!cmdSetInStage) {
            b.cmd(null);
        }
        return b.build();
    }

    static ContainerConfig healthcheck(ContainerConfig c, Instruction.Healthcheck h) {
        ImageConfig.Healthcheck hc;
        if (h.none()) {
            hc = new ImageConfig.Healthcheck(List.of("NONE"), Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0);
        } else {
            List<String> test = new ArrayList<>();
            if (h.test().shellForm()) {
                test.add("CMD-SHELL");
                test.add(h.test().args().get(0));
            } else {
                test.add("CMD");
                test.addAll(h.test().args());
            }
            hc = new ImageConfig.Healthcheck(test, orZero(h.interval()), orZero(h.timeout()), orZero(h.startPeriod()),
                    orZero(h.startInterval()), h.retries() == null ? 0 : h.retries());
        }
        return c.toBuilder().healthcheck(hc).build();
    }

    private static Duration orZero(Duration d) {
        return d == null ? Duration.ZERO : d;
    }

    /** Docker's port spec: {@code 80}, {@code 80/udp}, {@code 8000-8010/tcp}. */
    static List<String> ports(String spec) {
        String proto = "tcp";
        String ports = spec;
        int slash = spec.indexOf('/');
        if (slash >= 0) {
            proto = spec.substring(slash + 1).toLowerCase();
            ports = spec.substring(0, slash);
        }
        if (!List.of("tcp", "udp", "sctp").contains(proto)) {
            throw new IllegalArgumentException("invalid proto: " + proto);
        }
        int dash = ports.indexOf('-');
        try {
            int lo = Integer.parseInt(dash < 0 ? ports : ports.substring(0, dash));
            int hi = dash < 0 ? lo : Integer.parseInt(ports.substring(dash + 1));
            if (lo < 0 || hi > 65535 || hi < lo) {
                throw new IllegalArgumentException("invalid range: " + spec);
            }
            List<String> out = new ArrayList<>();
            for (int p = lo; p <= hi; p++) {
                out.add(p + "/" + proto);
            }
            return out;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid containerPort: " + ports);
        }
    }

    /** WORKDIR: absolute, or relative to the current working directory; cleaned. */
    static String workdir(ContainerConfig c, String path) {
        String base = c.workingDir() == null || c.workingDir().isEmpty() ? "/" : c.workingDir();
        String joined = path.startsWith("/") ? path : base + "/" + path;
        List<String> parts = new ArrayList<>();
        for (String s : joined.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
            } else {
                parts.add(s);
            }
        }
        return "/" + String.join("/", parts);
    }
}
