package dev.slipway.worker.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.common.oci.Digest;
import dev.slipway.worker.layer.Compression;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The unpacked-layer cache stays within its bound by evicting the least recently used layer nothing holds. */
class LayerDirectoryTest {

    private static final int FILE = 1000;

    @TempDir
    Path tmp;

    /** A one-file layer: its tar, diff id and a fetcher of its gzip blob. */
    private record Layer(Digest diffId, byte[] gzip) {
        LayerDirectory.BlobFetcher fetcher() {
            return dest -> Files.write(dest, gzip);
        }
    }

    private static Layer layer(String name, long seed) throws IOException {
        byte[] content = new byte[FILE];
        new Random(seed).nextBytes(content);
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setSize(content.length);
            e.setMode(0100644);
            out.putArchiveEntry(e);
            out.write(content);
            out.closeArchiveEntry();
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = Compression.GZIP.compress(gz)) {
            out.write(tar.toByteArray());
        }
        return new Layer(Digest.sha256(tar.toByteArray()), gz.toByteArray());
    }

    private static Path add(LayerDirectory.Lease lease, Layer l) throws IOException {
        return lease.add(l.diffId(), Compression.GZIP, l.fetcher());
    }

    @Test
    void leastRecentlyUsedLayerIsEvictedAndALeasedOneIsKept() throws Exception {
        Layer one = layer("one", 1);
        Layer two = layer("two", 2);
        Layer three = layer("three", 3);
        LayerDirectory layers = new LayerDirectory(tmp.resolve("layers"), 2 * FILE + FILE / 2);
        try (LayerDirectory.Lease inUse = layers.lease()) {
            Path oneDir = add(inUse, one); // the oldest, but a snapshot stacks on it
            try (LayerDirectory.Lease l = layers.lease()) {
                add(l, two);
            }
            try (LayerDirectory.Lease l = layers.lease()) {
                add(l, three);
            }
            // three layers of 1000 bytes exceed 2500: the least recently used one that is free goes
            assertThat(layers.contains(two.diffId())).isFalse();
            assertThat(layers.path(two.diffId())).doesNotExist();
            assertThat(layers.contains(one.diffId())).isTrue();
            assertThat(oneDir.resolve("one")).hasSize(FILE);
            assertThat(layers.contains(three.diffId())).isTrue();
            assertThat(layers.totalBytes()).isEqualTo(2L * FILE);
        }
        // one is free now and least recently used: adding two again evicts it, not three
        try (LayerDirectory.Lease l = layers.lease()) {
            add(l, three);
        }
        try (LayerDirectory.Lease l = layers.lease()) {
            assertThat(add(l, two).resolve("two")).hasSize(FILE);
        }
        assertThat(layers.contains(one.diffId())).isFalse();
        assertThat(layers.contains(three.diffId())).isTrue();
        assertThat(layers.totalBytes()).isLessThanOrEqualTo(2L * FILE + FILE / 2);
    }

    @Test
    void aRestartedWorkerKnowsWhatItHasAndUnpacksNothingAgain() throws Exception {
        Layer one = layer("one", 1);
        Path root = tmp.resolve("layers");
        try (LayerDirectory.Lease l = new LayerDirectory(root, 10L * FILE).lease()) {
            add(l, one);
        }
        Files.createDirectories(root.resolve(".tmp-interrupted"));
        LayerDirectory again = new LayerDirectory(root, 10L * FILE);
        assertThat(again.contains(one.diffId())).isTrue();
        assertThat(again.totalBytes()).isEqualTo(FILE);
        assertThat(root.resolve(".tmp-interrupted")).doesNotExist();
        try (LayerDirectory.Lease l = again.lease()) {
            l.add(one.diffId(), Compression.GZIP, dest -> {
                throw new AssertionError("an unpacked layer is not fetched again");
            });
        }
    }
}
