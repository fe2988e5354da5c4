package dev.slipway.layerstore.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.common.oci.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link BlobStore} backend must have. A backend's test extends this class and supplies a fresh
 * store.
 */
public abstract class BlobStoreContractTest {

    /** The store under test, fresh for every test. */
    protected BlobStore store;

    /** @return a new, empty store */
    protected abstract BlobStore newStore() throws IOException;

    @BeforeEach
    void open() throws IOException {
        store = newStore();
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void ingestedBlobCanBeStatedAndReadBack() throws IOException {
        byte[] content = random(300_000, 1);
        Digest digest = Digest.sha256(content);

        IngestResult result = store.ingest(new ByteArrayInputStream(content), digest);

        assertThat(result.alreadyStored()).isFalse();
        assertThat(result.blob().size()).isEqualTo(content.length);
        assertThat(store.stat(digest)).map(BlobInfo::size).contains((long) content.length);
        try (InputStream in = store.open(digest, 0)) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void readsFromAnOffset() throws IOException {
        byte[] content = random(10_000, 2);
        Digest digest = Digest.sha256(content);
        store.ingest(new ByteArrayInputStream(content), digest);

        try (InputStream in = store.open(digest, 9_000)) {
            assertThat(in.readAllBytes()).hasSize(1_000).isEqualTo(java.util.Arrays.copyOfRange(content, 9_000, 10_000));
        }
    }

    @Test
    void sha512IsSupported() throws IOException {
        byte[] content = random(5_000, 3);
        Digest digest = Digest.of(Digest.Algorithm.SHA512, content);

        store.ingest(new ByteArrayInputStream(content), digest);

        assertThat(store.stat(digest)).isPresent();
        assertThat(store.stat(Digest.sha256(content))).isEmpty();
    }

    @Test
    void mismatchingContentIsRefusedAndLeavesNothing() throws IOException {
        byte[] content = random(50_000, 4);
        Digest announced = Digest.sha256(random(10, 5));

        assertThatThrownBy(() -> store.ingest(new ByteArrayInputStream(content), announced))
                .isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining(announced.toString());

        assertThat(store.stat(announced)).isEmpty();
        assertThat(store.stat(Digest.sha256(content))).isEmpty();
        List<BlobInfo> all = new ArrayList<>();
        store.forEach(all::add);
        assertThat(all).isEmpty();
    }

    @Test
    void sameContentTwiceIsStoredOnce() throws IOException {
        byte[] content = random(70_000, 6);
        Digest digest = Digest.sha256(content);

        assertThat(store.ingest(new ByteArrayInputStream(content), digest).alreadyStored()).isFalse();
        assertThat(store.ingest(new ByteArrayInputStream(content), digest).alreadyStored()).isTrue();

        List<BlobInfo> all = new ArrayList<>();
        store.forEach(all::add);
        assertThat(all).extracting(BlobInfo::digest).containsExactly(digest);
    }

    @Test
    void concurrentWritersOfTheSameContentAllSucceedWithOneCopy() throws Exception {
        byte[] content = random(2_000_000, 7);
        Digest digest = Digest.sha256(content);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<IngestResult>> writes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                writes.add(pool.submit(() -> store.ingest(new ByteArrayInputStream(content), digest)));
            }
            for (Future<IngestResult> write : writes) {
                assertThat(write.get().blob().digest()).isEqualTo(digest);
            }
        } finally {
            pool.shutdownNow();
        }
        Set<Digest> stored = new HashSet<>();
        store.forEach(blob -> stored.add(blob.digest()));
        assertThat(stored).containsExactly(digest);
        try (InputStream in = store.open(digest, 0)) {
            assertThat(Digest.compute(Digest.Algorithm.SHA256, in)).isEqualTo(digest);
        }
    }

    @Test
    void publishMovesAVerifiedStagedFileIntoPlace() throws IOException {
        byte[] content = random(40_000, 8);
        Digest digest = Digest.sha256(content);
        Path staged = Files.createTempFile(store.stagingArea(), "staged", ".data");
        Files.write(staged, content);

        IngestResult result = store.publish(staged, digest);

        assertThat(result.blob().size()).isEqualTo(content.length);
        assertThat(staged).doesNotExist();
        try (InputStream in = store.open(digest, 0)) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void missingBlobIsReportedAsSuch() throws IOException {
        Digest digest = Digest.sha256(random(10, 9));

        assertThat(store.stat(digest)).isEmpty();
        assertThat(store.delete(digest)).isFalse();
        assertThatThrownBy(() -> store.open(digest, 0)).isInstanceOf(BlobNotFoundException.class);
    }

    @Test
    void deleteRemovesTheBytes() throws IOException {
        byte[] content = random(1_000, 10);
        Digest digest = Digest.sha256(content);
        store.ingest(new ByteArrayInputStream(content), digest);

        assertThat(store.delete(digest)).isTrue();

        assertThat(store.stat(digest)).isEmpty();
    }

    @Test
    void emptyBlobIsABlob() throws IOException {
        Digest digest = Digest.sha256(new byte[0]);

        store.ingest(InputStream.nullInputStream(), digest);

        assertThat(store.stat(digest)).map(BlobInfo::size).contains(0L);
    }
}
