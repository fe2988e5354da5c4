package dev.slipway.layerstore.blob;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.common.oci.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both ways into a file (lent buffers and a plain stream) write and hash exactly the content, past several flushes. */
class BlobCopyTest {

    /** More than one early-flush interval, and not a multiple of any buffer size. */
    private static final int SIZE = (70 << 20) + 12_345;

    @TempDir
    Path dir;

    @Test
    void lentBuffersAreAppendedAndHashedInOrder() throws IOException {
        byte[] content = random();

        assertCopied(new LendingStream(content), content);
        assertCopied(new LendingStream(content), content, 0, false);
    }

    @Test
    void aSourceThatHashesItselfIsNotHashedTwiceAndIsReleased() throws IOException {
        byte[] content = random();
        SelfHashingStream source = new SelfHashingStream(content);

        assertCopied(source, content);
        assertThat(source.hash).as("the digest is handed back once the copy ends").isNull();
    }

    @Test
    void aPlainStreamIsAppendedAndHashed() throws IOException {
        byte[] content = random();

        assertCopied(new ByteArrayInputStream(content), content);
    }

    @Test
    void lentBuffersAtABlockBoundaryGoDirectAndEndInAPartialBlock() throws IOException {
        byte[] content = random();

        // an empty file and a block-aligned append take the O_DIRECT path where the filesystem has it
        assertCopied(new LendingStream(content), content, 0, true);
        assertCopied(new SelfHashingStream(content), content, 8192, true);
    }

    @Test
    void copiesInParallelEachGetTheirOwnBytes() throws Exception {
        byte[] first = random();
        byte[] second = first.clone();
        second[SIZE - 1] ^= 1;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var a = pool.submit(() -> copyTo("a", first));
            var b = pool.submit(() -> copyTo("b", second));
            assertThat(a.get()).isEqualTo(first);
            assertThat(b.get()).isEqualTo(second);
        } finally {
            pool.shutdownNow();
        }
    }

    private byte[] copyTo(String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            BlobCopy.copy(new LendingStream(content), file, out, null, true);
            assertThat(out.position()).isEqualTo(SIZE);
        }
        return Files.readAllBytes(file);
    }

    /** Appends {@code stream} to a file that already holds 100 bytes, then checks the file and the running hash. */
    private void assertCopied(InputStream stream, byte[] content) throws IOException {
        assertCopied(stream, content, 100, true); // not at a block boundary: through the page cache
    }

    /** Appends {@code stream} to a file that already holds {@code before} bytes; checks the file and the hash. */
    private void assertCopied(InputStream stream, byte[] content, int before, boolean direct) throws IOException {
        Path file = Files.write(dir.resolve("data"), new byte[before]);
        MessageDigest hash = Digest.Algorithm.SHA256.newMessageDigest();

        long written;
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
            out.position(before);
            written = BlobCopy.copy(stream, file, out, hash, direct);
            assertThat(out.position()).isEqualTo(before + SIZE);
        }

        assertThat(written).isEqualTo(SIZE);
        byte[] stored = Files.readAllBytes(file);
        assertThat(stored).hasSize(before + SIZE);
        assertThat(Arrays.copyOfRange(stored, before, stored.length)).isEqualTo(content);
        assertThat(new Digest(Digest.Algorithm.SHA256, HexFormat.of().formatHex(hash.digest())))
                .isEqualTo(Digest.sha256(content));
    }

    private static byte[] random() {
        byte[] content = new byte[SIZE];
        new Random(7).nextBytes(content);
        return content;
    }

    /** Feeds the digest itself as each piece "arrives" (when lent), like the request body on the event loop. */
    private static final class SelfHashingStream extends LendingStream {
        private MessageDigest hash;

        SelfHashingStream(byte[] content) {
            super(content);
        }

        @Override
        public boolean startHashing(MessageDigest digest) {
            hash = digest;
            return true;
        }

        @Override
        public boolean next(List<ByteBuffer> batch) {
            int before = batch.size();
            boolean more = super.next(batch);
            batch.subList(before, batch.size()).forEach(piece -> hash.update(piece.duplicate()));
            return more;
        }

        @Override
        public void stopHashing() {
            hash = null;
        }
    }

    /**
     * Lends views into one array, of varying sizes and at non-zero array offsets, a few per batch, like network
     * buffers.
     */
    private static class LendingStream extends InputStream implements BufferSource {
        private final Deque<ByteBuffer> pieces = new ArrayDeque<>();

        LendingStream(byte[] content) {
            int[] sizes = {65_536, 1, 8_192, 1 << 20, 333};
            for (int at = 0, i = 0; at < content.length; i++) {
                int length = Math.min(sizes[i % sizes.length], content.length - at);
                pieces.add(ByteBuffer.wrap(content, at, length).slice());
                at += length;
            }
        }

        @Override
        public boolean next(List<ByteBuffer> batch) {
            if (pieces.isEmpty()) {
                return false;
            }
            for (int i = 0; i < 7 && !pieces.isEmpty(); i++) {
                batch.add(pieces.poll());
            }
            return true;
        }

        @Override
        public int read() {
            throw new AssertionError("a BufferSource is not read byte by byte");
        }
    }
}
