package dev.slipway.layerstore.blob;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Appends to a file with {@code O_DIRECT}: the bytes go from an aligned staging buffer to the disk without passing
 * through the page cache. Measured on this machine's disk (256 MiB): a buffered write cost 0.14–0.77 s of kernel CPU
 * (copying into the page cache, then writing it back for the fsync), an {@code O_DIRECT} one 0.08–0.12 s, and took
 * less time too. The price: the blob is not in the page cache afterwards, so its first read comes from the disk.
 *
 * <p>{@code O_DIRECT} needs block-aligned offsets, lengths and memory. So the staging buffer is aligned, whole
 * buffers are written at aligned offsets, and only the final partial block goes through the ordinary channel. Where
 * the filesystem refuses {@code O_DIRECT} (tmpfs) or has blocks larger than {@link #ALIGN}, the start is not aligned,
 * or too many uploads already hold a staging buffer, {@link #open} declines and the caller writes through the page
 * cache as before.
 */
final class DirectWrites implements Closeable {

    /** The alignment {@code O_DIRECT} asks for on every common Linux filesystem and device. */
    static final int ALIGN = 4096;
    /** Fewer, larger writes keep the disk busy: 4 MiB wrote 256 MiB in 0.37 s here against 0.44 s with 1 MiB. */
    private static final int STAGING = 4 << 20;
    /** Staging buffers kept at most (direct memory: 16 × 4 MiB); uploads beyond this write through the page cache. */
    private static final int MAX_BUFFERS = 16;
    private static final BlockingQueue<ByteBuffer> FREE = new ArrayBlockingQueue<>(MAX_BUFFERS);
    private static final AtomicInteger ALLOCATED = new AtomicInteger();

    private final FileChannel direct;
    private final FileChannel out;
    private final ByteBuffer staging;
    private long position;

    private DirectWrites(FileChannel direct, FileChannel out, ByteBuffer staging, long position) {
        this.direct = direct;
        this.out = out;
        this.staging = staging;
        this.position = position;
    }

    /**
     * @param file the file {@code out} writes to
     * @param out  its channel, positioned where the bytes go; positioned after them by {@link #finish}
     * @return a direct writer, or empty when the bytes should go through {@code out} instead
     * @throws IOException when {@code out}'s position cannot be read
     */
    static Optional<DirectWrites> open(Path file, FileChannel out) throws IOException {
        long start = out.position();
        long block = Files.getFileStore(file).getBlockSize(); // what the JDK checks every direct write against
        if (start % ALIGN != 0 || block > ALIGN || ALIGN % block != 0) {
            return Optional.empty();
        }
        ByteBuffer staging = takeBuffer();
        if (staging == null) {
            return Optional.empty();
        }
        try {
            FileChannel direct = FileChannel.open(file, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
            return Optional.of(new DirectWrites(direct, out, staging, start));
        } catch (IOException | UnsupportedOperationException refused) {
            FREE.offer(staging);
            return Optional.empty();
        }
    }

    /**
     * Appends the pieces, writing a full staging buffer to the disk whenever one fills up.
     *
     * @param pieces the bytes, in order; consumed
     * @throws IOException when a write fails
     */
    void write(List<ByteBuffer> pieces) throws IOException {
        for (ByteBuffer piece : pieces) {
            while (piece.hasRemaining()) {
                int size = Math.min(piece.remaining(), staging.remaining());
                staging.put(piece.slice(piece.position(), size));
                piece.position(piece.position() + size);
                if (!staging.hasRemaining()) {
                    staging.flip();
                    writeDirect(staging);
                    staging.clear();
                }
            }
        }
    }

    /**
     * Writes what is staged: its whole blocks directly, the last partial block through the ordinary channel, which is
     * then positioned after the last byte.
     *
     * @throws IOException when a write fails
     */
    void finish() throws IOException {
        staging.flip();
        int whole = staging.remaining() / ALIGN * ALIGN;
        if (whole > 0) {
            writeDirect(staging.slice(0, whole));
        }
        ByteBuffer tail = staging.slice(whole, staging.remaining() - whole);
        while (tail.hasRemaining()) {
            position += out.write(tail, position);
        }
        staging.clear();
        out.position(position);
    }

    private void writeDirect(ByteBuffer blocks) throws IOException {
        while (blocks.hasRemaining()) {
            position += direct.write(blocks, position);
        }
    }

    @Override
    public void close() throws IOException {
        staging.clear();
        FREE.offer(staging);
        direct.close();
    }

    private static ByteBuffer takeBuffer() {
        ByteBuffer free = FREE.poll();
        if (free != null) {
            return free;
        }
        if (ALLOCATED.incrementAndGet() > MAX_BUFFERS) {
            ALLOCATED.decrementAndGet();
            return null;
        }
        return ByteBuffer.allocateDirect(STAGING + ALIGN).alignedSlice(ALIGN).slice(0, STAGING);
    }
}
