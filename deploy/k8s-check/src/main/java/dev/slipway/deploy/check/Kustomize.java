package dev.slipway.deploy.check;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization with the real tool: {@code kustomize build DIR} when a {@code kustomize} binary is on the
 * PATH, otherwise {@code kubectl kustomize DIR} (Debian's {@code kubernetes-client} package provides kubectl with
 * kustomize built in). The manifests are written for both the old built-in kustomize (v2) and current ones.
 */
public final class Kustomize {
    private static final long TIMEOUT_SECONDS = 120;

    private Kustomize() {
    }

    /**
     * @param dir a folder holding {@code kustomization.yaml}
     * @return the rendered multi-document YAML
     * @throws IllegalStateException when neither tool is installed, or rendering fails (with the tool's message)
     */
    public static String build(Path dir) {
        List<String> command = new ArrayList<>();
        if (onPath("kustomize")) {
            command.addAll(List.of("kustomize", "build"));
        } else if (onPath("kubectl")) {
            command.addAll(List.of("kubectl", "kustomize"));
        } else {
            throw new IllegalStateException(
                    "neither kustomize nor kubectl is installed: apt-get install kubernetes-client");
        }
        command.add(dir.toString());
        try {
            Path err = Files.createTempFile("kustomize", ".err");
            try {
                Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
                process.getOutputStream().close();
                byte[] out = process.getInputStream().readAllBytes();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " took over " + TIMEOUT_SECONDS + " s");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " failed: " + Files.readString(err));
                }
                return new String(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rendering " + dir, e);
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String entry : path.split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, tool))) {
                return true;
            }
        }
        return false;
    }
}
