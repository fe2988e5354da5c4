package dev.slipway.cli.command;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Launches {@code slip} against a fake gateway with a private, empty config folder. */
final class CliTestSupport {

    static final String JOB = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

    private CliTestSupport() {
    }

    static Path emptyConfigDir() {
        try {
            return Files.createTempDirectory("slip-config");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LaunchResult slip(QuarkusMainLauncher launcher, String url, Path configDir, String... args) {
        List<String> all = new ArrayList<>(List.of("-H", url, "--config", configDir.toString()));
        all.addAll(List.of(args));
        return launcher.launch(all.toArray(String[]::new));
    }

    /** @return a 202 job answer of the given kind */
    static String accepted(String kind) {
        return "{\"id\":\"" + JOB + "\",\"kind\":\"" + kind + "\",\"state\":\"QUEUED\",\"owner\":\"admin\","
                + "\"createdAt\":\"2026-11-28T08:00:00Z\",\"links\":{\"self\":\"/api/v1/jobs/" + JOB + "\"}}";
    }
}
