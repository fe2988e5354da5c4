package dev.slipway.layerstore.blob;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.common.oci.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
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

    @Test
    void theFileIsWrittenInPiecesOfAtMost64KiB() throws IOException {
        byte[] content = random();
        Path file = dir.resolve("pieces");
        List<Integer> writes = new ArrayList<>();

        try (FileChannel real = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                FileChannel out = new CountingChannel(real, writes)) {
            BlobCopy.copy(new LendingStream(content), file, out, null, false);
            BlobCopy.copy(new ByteArrayInputStream(content), file, out, null, false);
        }

        // Large writes make the kernel allocate large page-cache folios, which cost this VM several times the CPU.
        assertThat(writes).isNotEmpty().allSatisfy(size -> assertThat(size).isBetween(1, 64 << 10));
        assertThat(writes.stream().mapToLong(Integer::longValue).sum()).isEqualTo(2L * SIZE);
        byte[] stored = Files.readAllBytes(file);
        assertThat(Arrays.copyOfRange(stored, 0, SIZE)).isEqualTo(content);
        assertThat(Arrays.copyOfRange(stored, SIZE, 2 * SIZE)).isEqualTo(content);
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

    /** A file channel that records the size of every write it passes on (the sizes the kernel sees). */
    private static final class CountingChannel extends FileChannel {
        private final FileChannel file;
        private final List<Integer> writes;

        CountingChannel(FileChannel file, List<Integer> writes) {
            this.file = file;
            this.writes = writes;
        }

        @Override
        public int write(ByteBuffer source) throws IOException {
            int written = file.write(source);
            writes.add(written);
            return written;
        }

        @Override
        public long write(ByteBuffer[] sources, int offset, int length) throws IOException {
            long written = file.write(sources, offset, length);
            writes.add(Math.toIntExact(written));
            return written;
        }

        @Override
        public int write(ByteBuffer source, long position) throws IOException {
            int written = file.write(source, position);
            writes.add(written);
            return written;
        }

        @Override
        public int read(ByteBuffer target) throws IOException {
            return file.read(target);
        }

        @Override
        public long read(ByteBuffer[] targets, int offset, int length) throws IOException {
            return file.read(targets, offset, length);
        }

        @Override
        public int read(ByteBuffer target, long position) throws IOException {
            return file.read(target, position);
        }

        @Override
        public long position() throws IOException {
            return file.position();
        }

        @Override
        public FileChannel position(long position) throws IOException {
            file.position(position);
            return this;
        }

        @Override
        public long size() throws IOException {
            return file.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            file.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            file.force(metaData);
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return file.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel source, long position, long count) throws IOException {
            return file.transferFrom(source, position, count);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return file.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return file.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return file.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            file.close();
        }
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
