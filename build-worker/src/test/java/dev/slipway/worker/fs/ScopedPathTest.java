package dev.slipway.worker.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.worker.fs.ScopedPath.Mode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScopedPathTest {

    @TempDir
    Path root;

    @Test
    void absoluteSymlinkStaysInsideTheRootInScope() throws Exception {
        Files.createDirectories(root.resolve("host-path"));
        Files.createSymbolicLink(root.resolve("etc"), Path.of("/host-path"));
        assertThat(ScopedPath.resolve(root, "/etc/passwd", true, Mode.IN_SCOPE)).isEqualTo(root.resolve("host-path/passwd"));
        assertThatThrownBy(() -> ScopedPath.resolve(root, "/etc/passwd", true, Mode.STRICT))
                .isInstanceOf(ScopedPath.EscapeException.class);
    }

    @Test
    void dotDotStopsAtTheRootInScopeAndFailsWhenStrict() throws Exception {
        assertThat(ScopedPath.resolve(root, "../../etc/shadow", true, Mode.IN_SCOPE)).isEqualTo(root.resolve("etc/shadow"));
        Files.createSymbolicLink(root.resolve("up"), Path.of("../../.."));
        assertThat(ScopedPath.resolve(root, "up/x", true, Mode.IN_SCOPE)).isEqualTo(root.resolve("x"));
        assertThatThrownBy(() -> ScopedPath.resolve(root, "up/x", true, Mode.STRICT))
                .isInstanceOf(ScopedPath.EscapeException.class);
    }

    @Test
    void finalSymlinkFollowedOnlyWhenAsked() throws Exception {
        Files.createDirectories(root.resolve("real"));
        Files.createSymbolicLink(root.resolve("link"), Path.of("real"));
        assertThat(ScopedPath.resolve(root, "link", false, Mode.STRICT)).isEqualTo(root.resolve("link"));
        assertThat(ScopedPath.resolve(root, "link", true, Mode.STRICT)).isEqualTo(root.resolve("real"));
    }

    @Test
    void symlinkLoopsEnd() throws Exception {
        Files.createSymbolicLink(root.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(root.resolve("b"), Path.of("a"));
        assertThatThrownBy(() -> ScopedPath.resolve(root, "a/x", true, Mode.IN_SCOPE)).hasMessageContaining("too many levels");
    }
}
