package dev.slipway.worker.layer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.common.oci.Digest;
import dev.slipway.worker.fs.FileStat;
import dev.slipway.worker.fs.OverlayMount;
import dev.slipway.worker.fs.Posix;
import dev.slipway.worker.layer.LayerExtractor.WhiteoutMode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Packs the upper directory of a real overlayfs mount after changes made through the merged view. */
class LayerPackerTest {

    @TempDir
    Path tmp;
    Path lower;
    Path upper;
    Path work;
    Path merged;

    @BeforeEach
    void overlay() throws Exception {
        lower = Files.createDirectory(tmp.resolve("lower"));
        upper = Files.createDirectory(tmp.resolve("upper"));
        work = Files.createDirectory(tmp.resolve("work"));
        merged = Files.createDirectory(tmp.resolve("merged"));
        LayerExtractor.extract(new TarFixture()
                .dir("etc", 0755, 0, 0).file("etc/old", "old").dir("etc/dir", 0755, 0, 0).file("etc/dir/inner", "i")
                .file("etc/keep", "keep").dir("var", 0755, 0, 0).stream(), lower, WhiteoutMode.APPLY);
    }

    private void changeThroughOverlay() throws Exception {
        try (OverlayMount m = OverlayMount.mount(List.of(lower), upper, work, merged)) {
            Path root = m.target();
            Files.delete(root.resolve("etc/old"));
            Files.delete(root.resolve("etc/dir/inner"));
            Files.delete(root.resolve("etc/dir"));
            Files.createDirectory(root.resolve("etc/dir"));
            Files.writeString(root.resolve("etc/dir/fresh"), "fresh");
            Files.createDirectories(root.resolve("usr/bin"));
            Path tool = Files.writeString(root.resolve("usr/bin/tool"), "#!/bin/sh\n");
            Posix.chmod(tool, 04755);
            Files.createLink(root.resolve("usr/bin/tool-alias"), tool);
            Files.createSymbolicLink(root.resolve("usr/bin/sh"), Path.of("busybox"));
            Path owned = Files.writeString(root.resolve("var/owned"), "x");
            Posix.lchown(owned, 1000, 50);
            Files.createDirectory(root.resolve("proc"));
            Files.createDirectory(root.resolve("dev"));
            Files.createDirectory(root.resolve("sys"));
            Files.writeString(root.resolve("sys/kept"), "not empty, so not a mount point");
        }
    }

    private static Map<String, TarArchiveEntry> entries(LayerBlob blob) throws Exception {
        try (InputStream in = Compression.GZIP.decompress(Files.newInputStream(blob.file()))) {
            return TarFixture.entries(in).stream()
                    .collect(Collectors.toMap(TarArchiveEntry::getName, Function.identity(), (a, b) -> a, java.util.LinkedHashMap::new));
        }
    }

    @Test
    void upperDirBecomesAnOciLayer() throws Exception {
        changeThroughOverlay();
        LayerBlob blob = LayerPacker.pack(upper, tmp.resolve("layer.tar.gz"), Compression.GZIP, null);
        Map<String, TarArchiveEntry> e = entries(blob);

        assertThat(e.keySet()).containsExactly("etc/", "etc/.wh.old", "etc/dir/", "etc/dir/.wh..wh..opq",
                "etc/dir/fresh", "sys/", "sys/kept", "usr/", "usr/bin/", "usr/bin/sh", "usr/bin/tool",
                "usr/bin/tool-alias", "var/", "var/owned");
        assertThat(e.get("usr/bin/tool").getMode() & 07777).isEqualTo(04755);
        assertThat(e.get("usr/bin/tool-alias").isLink()).isTrue();
        assertThat(e.get("usr/bin/tool-alias").getLinkName()).isEqualTo("usr/bin/tool");
        assertThat(e.get("usr/bin/sh").isSymbolicLink()).isTrue();
        assertThat(e.get("usr/bin/sh").getLinkName()).isEqualTo("busybox");
        assertThat(e.get("var/owned").getLongUserId()).isEqualTo(1000);
        assertThat(e.get("var/owned").getLongGroupId()).isEqualTo(50);
        assertThat(e.get("etc/dir/").getExtraPaxHeaders()).doesNotContainKey("SCHILY.xattr.trusted.overlay.opaque");
        assertThat(blob.entries()).isEqualTo(14);
        assertThat(blob.size()).isEqualTo(Files.size(blob.file()));
        assertThat(blob.digest()).isEqualTo(Digest.compute(Digest.Algorithm.SHA256, Files.newInputStream(blob.file())));
        try (InputStream in = Compression.GZIP.decompress(Files.newInputStream(blob.file()))) {
            assertThat(blob.diffId()).isEqualTo(Digest.compute(Digest.Algorithm.SHA256, in));
        }
    }

    @Test
    void layerAppliedOnLowerReproducesTheMergedView() throws Exception {
        changeThroughOverlay();
        LayerBlob blob = LayerPacker.pack(upper, tmp.resolve("layer.tar.gz"), Compression.GZIP, null);
        try (InputStream in = Compression.GZIP.decompress(Files.newInputStream(blob.file()))) {
            LayerExtractor.extract(in, lower, WhiteoutMode.APPLY);
        }
        assertThat(Files.exists(lower.resolve("etc/old"))).isFalse();
        try (Stream<Path> s = Files.list(lower.resolve("etc/dir"))) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("fresh");
        }
        assertThat(FileStat.of(lower.resolve("usr/bin/tool")).permissions()).isEqualTo(04755);
        assertThat(FileStat.of(lower.resolve("usr/bin/tool")).nlink()).isEqualTo(2);
        assertThat(Files.readString(lower.resolve("etc/keep"))).isEqualTo("keep");
    }

    @Test
    void clampedTimesGiveIdenticalDigestsAcrossRuns() throws Exception {
        changeThroughOverlay();
        Instant epoch = Instant.ofEpochSecond(1_700_000_000L);
        LayerBlob first = LayerPacker.pack(upper, tmp.resolve("one.tar.gz"), Compression.GZIP, epoch);
        // Touch every file: a rebuild at another time.
        try (Stream<Path> s = Files.walk(upper)) {
            for (Path p : s.collect(Collectors.toList())) {
                if (!FileStat.of(p).isWhiteout()) {
                    Posix.lutimes(p, Instant.now().plusSeconds(60), Instant.now().plusSeconds(60));
                }
            }
        }
        LayerBlob second = LayerPacker.pack(upper, tmp.resolve("two.tar.gz"), Compression.GZIP, epoch);
        assertThat(second.digest()).isEqualTo(first.digest());
        assertThat(second.diffId()).isEqualTo(first.diffId());
        assertThat(entries(second).get("var/owned").getModTime().toInstant()).isEqualTo(epoch);
        LayerBlob unclamped = LayerPacker.pack(upper, tmp.resolve("three.tar.gz"), Compression.GZIP, null);
        assertThat(unclamped.diffId()).isNotEqualTo(first.diffId());
    }

    @Test
    void emptyUpperGivesAnEmptyLayer() throws Exception {
        LayerBlob blob = LayerPacker.pack(upper, tmp.resolve("empty.tar.gz"), Compression.GZIP, null);
        assertThat(blob.entries()).isZero();
        assertThat(entries(blob)).isEmpty();
    }
}
