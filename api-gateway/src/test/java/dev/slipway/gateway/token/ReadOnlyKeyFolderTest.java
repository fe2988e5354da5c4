package dev.slipway.gateway.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key folder on a read-only file system, as a Kubernetes Secret shared by every gateway replica is: the keys in it
 * are used as they are, nothing is written, an expired retired key is simply no longer published.
 */
class ReadOnlyKeyFolderTest {

    @TempDir
    Path tmp;
    private Path dir;

    @BeforeEach
    void mountTmpfs() throws Exception {
        dir = Files.createDirectories(tmp.resolve("keys"));
        run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", dir.toString());
    }

    @AfterEach
    void unmount() throws Exception {
        run("umount", dir.toString());
    }

    @Test
    void signsWithTheSecretsKeyAndDropsExpiredRetiredOnesWithoutWriting() throws Exception {
        Duration lifetime = Duration.ofMinutes(5);
        // Made where writing is allowed: a current key, one retired a minute ago, one retired an hour ago.
        SigningKeys writer = new SigningKeys(dir, lifetime);
        String oldest = writer.state().current().kid();
        String recent = writer.rotate().current().kid();
        String current = writer.rotate().current().kid();
        Files.writeString(dir.resolve(oldest + ".retired"), Instant.now().minus(Duration.ofHours(1)) + "\n");
        run("mount", "-o", "remount,ro", dir.toString());
        List<String> before = listing();

        SigningKeys.State state = new SigningKeys(dir, lifetime).state();

        assertThat(state.current().kid()).isEqualTo(current);
        assertThat(state.published()).extracting(SigningKeys.SigningKey::kid).containsExactly(current, recent);
        assertThat(listing()).isEqualTo(before);
    }

    @Test
    void aReadOnlyFolderWithoutACurrentKeyIsAClearError() throws Exception {
        run("mount", "-o", "remount,ro", dir.toString());

        assertThatThrownBy(() -> new SigningKeys(dir, Duration.ofMinutes(5)).state())
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(dir.toString())
                .hasStackTraceContaining("read-only key folder has no current key");
    }

    private List<String> listing() throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
    }
}
