package dev.slipway.layerstore.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.common.oci.Digest;
import dev.slipway.layerstore.error.StorageFullException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A full disk: the store lives on a 4 MiB tmpfs (the tests run as root, as CI does). A blob that does not fit fails
 * with the storage-full error and leaves nothing behind; a blob that fits still goes in afterwards.
 */
class FullDiskTest {

    private Path mountPoint;

    @BeforeEach
    void mount() throws Exception {
        mountPoint = Files.createTempDirectory("layerstore-full-disk");
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mountPoint.toString())
                .redirectErrorStream(true).start();
        assertThat(mount.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(mount.exitValue()).as("mount a small tmpfs: %s", new String(mount.getInputStream().readAllBytes()))
                .isZero();
    }

    @AfterEach
    void unmount() throws Exception {
        new ProcessBuilder("umount", mountPoint.toString()).start().waitFor(30, TimeUnit.SECONDS);
        Files.deleteIfExists(mountPoint);
    }

    @Test
    void blobThatDoesNotFitFailsClearlyAndLeavesNothing() throws IOException {
        BlobStore store = new FileSystemBlobStore(mountPoint, true);
        byte[] tooBig = new byte[6 * 1024 * 1024];
        new Random(1).nextBytes(tooBig);
        Digest digest = Digest.sha256(tooBig);

        assertThatThrownBy(() -> store.ingest(new ByteArrayInputStream(tooBig), digest))
                .isInstanceOf(StorageFullException.class)
                .hasMessageContaining("disk is full");

        assertThat(store.stat(digest)).isEmpty();
        try (Stream<Path> tmp = Files.list(mountPoint.resolve("tmp"))) {
            assertThat(tmp).isEmpty();
        }
        byte[] small = new byte[100_000];
        new Random(2).nextBytes(small);
        store.ingest(new ByteArrayInputStream(small), Digest.sha256(small));
        assertThat(store.stat(Digest.sha256(small))).isPresent();
    }
}
