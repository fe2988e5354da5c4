package dev.slipway.worker.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.worker.fs.FileStat;
import dev.slipway.worker.fs.Posix;
import dev.slipway.worker.layer.LayerExtractor.WhiteoutMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerExtractorTest {

    @TempDir
    Path tmp;
    Path root;
    Path outside;

    @BeforeEach
    void dirs() throws Exception {
        root = Files.createDirectory(tmp.resolve("rootfs"));
        outside = Files.createDirectory(tmp.resolve("outside"));
    }

    @Test
    void preservesOwnersModesLinksDevicesAndXattrs() throws Exception {
        TarFixture t = new TarFixture()
                .dir("usr/", 0755, 0, 0)
                .dir("usr/bin/", 0755, 0, 0)
                .file("usr/bin/su", "#!/bin/sh\n", 04755, 0, 0)
                .dir("tmp/", 01777, 0, 0)
                .dir("home/app/", 0700, 1000, 1001)
                .file("home/app/data", "hello", 0640, 1000, 1001)
                .hardlink("home/app/data-link", "home/app/data")
                .symlink("bin", "usr/bin")
                .device("dev/null", true, 1, 3)
                .device("dev/loop9", false, 7, 9)
                .fifo("run/fifo")
                .xattr("etc/tagged", "x", "user.note", "kept");
        LayerExtractor.Stats stats = LayerExtractor.extract(t.stream(), root, WhiteoutMode.APPLY);
        assertThat(stats.entries()).isEqualTo(12);

        FileStat su = FileStat.of(root.resolve("usr/bin/su"));
        assertThat(su.permissions()).isEqualTo(04755);
        assertThat(FileStat.of(root.resolve("tmp")).permissions()).isEqualTo(01777);
        FileStat home = FileStat.of(root.resolve("home/app"));
        assertThat(home.uid()).isEqualTo(1000);
        assertThat(home.gid()).isEqualTo(1001);
        assertThat(home.permissions()).isEqualTo(0700);
        FileStat data = FileStat.of(root.resolve("home/app/data"));
        assertThat(data.nlink()).isEqualTo(2);
        assertThat(FileStat.of(root.resolve("home/app/data-link")).ino()).isEqualTo(data.ino());
        assertThat(data.mtime()).isEqualTo(Instant.ofEpochSecond(1_600_000_000L));
        assertThat(home.mtime()).isEqualTo(Instant.ofEpochSecond(1_600_000_000L));
        assertThat(Files.readSymbolicLink(root.resolve("bin")).toString()).isEqualTo("usr/bin");
        FileStat dev = FileStat.of(root.resolve("dev/null"));
        assertThat(dev.isCharDevice()).isTrue();
        assertThat(Posix.major(dev.rdev())).isEqualTo(1);
        assertThat(Posix.minor(dev.rdev())).isEqualTo(3);
        assertThat(FileStat.of(root.resolve("dev/loop9")).isBlockDevice()).isTrue();
        assertThat(FileStat.of(root.resolve("run/fifo")).isFifo()).isTrue();
        assertThat(new String(Posix.lgetxattr(root.resolve("etc/tagged"), "user.note"), StandardCharsets.UTF_8))
                .isEqualTo("kept");
    }

    @Test
    void appliesWhiteoutsAndOpaqueDirectories() throws Exception {
        LayerExtractor.extract(new TarFixture().file("a/b", "1").file("a/c", "2").file("d", "3")
                .file("keep/x", "4").stream(), root, WhiteoutMode.APPLY);
        LayerExtractor.extract(new TarFixture().file("a/new", "5").file(".wh.d", "").file("a/.wh..wh..opq", "")
                .file("keep/.wh.nothing", "").stream(), root, WhiteoutMode.APPLY);
        assertThat(Files.exists(root.resolve("d"))).isFalse();
        try (Stream<Path> s = Files.list(root.resolve("a"))) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("new");
        }
        assertThat(Files.readString(root.resolve("keep/x"))).isEqualTo("4");
    }

    @Test
    void overlayModeWritesOverlayWhiteouts() throws Exception {
        LayerExtractor.extract(new TarFixture().dir("a/", 0755, 0, 0).file("a/.wh..wh..opq", "").file(".wh.gone", "")
                .stream(), root, WhiteoutMode.OVERLAY);
        assertThat(FileStat.of(root.resolve("gone")).isWhiteout()).isTrue();
        assertThat(Posix.lgetxattr(root.resolve("a"), LayerExtractor.OVERLAY_OPAQUE_XATTR)).containsExactly('y');
    }

    @Test
    void laterEntriesReplaceEarlierOnes() throws Exception {
        LayerExtractor.extract(new TarFixture().file("x", "file").symlink("y", "x").dir("z", 0755, 0, 0)
                .file("z/inner", "i").stream(), root, WhiteoutMode.APPLY);
        LayerExtractor.extract(new TarFixture().dir("x", 0700, 0, 0).file("y", "now a file").file("z", "was a dir")
                .stream(), root, WhiteoutMode.APPLY);
        assertThat(Files.isDirectory(root.resolve("x"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(Files.readString(root.resolve("y"))).isEqualTo("now a file");
        assertThat(Files.readString(root.resolve("z"))).isEqualTo("was a dir");
    }

    @Test
    void refusesDotDotEntries() throws Exception {
        assertThatThrownBy(() -> LayerExtractor.extract(new TarFixture().file("../outside/evil", "x").stream(), root,
                WhiteoutMode.APPLY)).isInstanceOf(UnsafeLayerException.class).hasMessageContaining("outside the root");
        assertThatThrownBy(() -> LayerExtractor.extract(new TarFixture().file("a/../../outside/evil", "x").stream(), root,
                WhiteoutMode.APPLY)).isInstanceOf(UnsafeLayerException.class);
        assertNothingOutside();
    }

    @Test
    void refusesEntriesThroughAnAbsoluteSymlink() throws Exception {
        Path hostDir = outside.toAbsolutePath();
        assertThatThrownBy(() -> LayerExtractor.extract(new TarFixture().symlink("a", hostDir.toString())
                .file("a/x", "pwned").stream(), root, WhiteoutMode.APPLY))
                .isInstanceOf(UnsafeLayerException.class).hasMessageContaining("absolute symlink");
        assertThatThrownBy(() -> LayerExtractor.extract(new TarFixture().symlink("etc", "/etc")
                .file("etc/slipway-test-evil", "pwned").stream(), root, WhiteoutMode.APPLY))
                .isInstanceOf(UnsafeLayerException.class);
        assertThat(Files.exists(Path.of("/etc/slipway-test-evil"))).isFalse();
        assertNothingOutside();
    }

    @Test
    void refusesEntriesThroughARelativeSymlinkPointingOut() throws Exception {
        assertThatThrownBy(() -> LayerExtractor.extract(new TarFixture().symlink("a", "../outside")
                .file("a/x", "pwned").stream(), root, WhiteoutMode.APPLY)).isInstanceOf(UnsafeLayerException.class);
        assertNothingOutside();
    }

    @Test
    void followsRelativeSymlinksThatStayInside() throws Exception {
        LayerExtractor.extract(new TarFixture().dir("usr/lib", 0755, 0, 0).symlink("lib", "usr/lib")
                .file("lib/libx.so", "elf").stream(), root, WhiteoutMode.APPLY);
        assertThat(Files.readString(root.resolve("usr/lib/libx.so"))).isEqualTo("elf");
    }

    @Test
    void refusesHardLinksToHostFiles() throws Exception {
        Path secret = Files.writeString(outside.resolve("secret"), "host");
        assertThatThrownBy(() -> LayerExtractor.extract(new TarFixture().hardlink("h", "../outside/secret").stream(),
                root, WhiteoutMode.APPLY)).isInstanceOf(UnsafeLayerException.class);
        assertThatThrownBy(() -> LayerExtractor.extract(new TarFixture().hardlink("h", secret.toString()).stream(),
                root, WhiteoutMode.APPLY)).isInstanceOf(UnsafeLayerException.class);
        assertThatThrownBy(() -> LayerExtractor.extract(new TarFixture().hardlink("h", "/etc/passwd").stream(),
                root, WhiteoutMode.APPLY)).isInstanceOf(UnsafeLayerException.class);
        assertThat(Files.exists(root.resolve("h"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(FileStat.of(secret).nlink()).isEqualTo(1);
    }

    private void assertNothingOutside() throws Exception {
        try (Stream<Path> s = Files.list(outside)) {
            assertThat(s).isEmpty();
        }
    }
}
