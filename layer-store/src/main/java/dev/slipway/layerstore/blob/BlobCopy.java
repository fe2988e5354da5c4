package dev.slipway.layerstore.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one loop that moves blob bytes from a request to a file while hashing them. A {@link BufferSource} is hashed in
 * place, by the source itself as the bytes arrive when it offers to ({@link BufferSource#startHashing}), and written
 * in pieces of at most 64 KiB, or, when the caller asks for it and the file allows it, with {@code O_DIRECT}
 * through an aligned buffer ({@link DirectWrites}); any other stream goes through a 1 MiB array.
 *
 * <p>Every blob is fsynced before it is published. So that this final fsync does not have to push the whole blob to
 * disk after the last byte arrived, the kernel is asked to start writing each few MiB back as soon as they are written
 * ({@link Writeback}); that is only a head start, the caller's own fsync still decides durability. Nothing here waits
 * for the disk: a chunk ({@code PATCH}) is answered as soon as its bytes are in the file.
 */
public final class BlobCopy {

    private static final int BUFFER = 1 << 20;
    /** The largest single write into the page cache (see {@link #writeInPieces}). */
    private static final int PIECE = 64 << 10;

    private BlobCopy() {
    }

    /**
     * Appends all of {@code content} to {@code out} at its position.
     *
     * @param content the bytes; read to the end, not closed
     * @param file    the file {@code out} writes to
     * @param out     the file's channel, positioned where the bytes go; positioned after them on return
     * @param hash    updated with every byte written, or null when the caller does not need it
     * @param direct  whether to bypass the page cache where possible ({@code layerstore.storage.direct-writes})
     * @return the number of bytes written
     * @throws IOException when reading or writing fails; what was written so far stays in the file
     */
    public static long copy(InputStream content, Path file, FileChannel out, MessageDigest hash, boolean direct)
            throws IOException {
        if (!(content instanceof BufferSource source)) {
            try (Writeback writeback = Writeback.of(file, out.position())) {
                return copyStream(content, out, hash, writeback);
            }
        }
        Optional<DirectWrites> writes = direct ? DirectWrites.open(file, out) : Optional.empty();
        if (writes.isEmpty()) {
            try (Writeback writeback = Writeback.of(file, out.position())) {
                return copyBuffers(source, out, hash, writeback);
            }
        }
        try (DirectWrites open = writes.get()) {
            return copyDirect(source, open, hash);
        }
    }

    private static long copyDirect(BufferSource source, DirectWrites out, MessageDigest hash) throws IOException {
        List<ByteBuffer> batch = new ArrayList<>();
        long total = 0;
        boolean hashedBySource = hash != null && source.startHashing(hash);
        try {
            while (source.next(batch)) {
                for (ByteBuffer buffer : batch) {
                    if (hash != null && !hashedBySource) {
                        hash.update(buffer.duplicate());
                    }
                    total += buffer.remaining();
                }
                out.write(batch);
                batch.clear();
            }
            out.finish();
        } finally {
            if (hashedBySource) {
                source.stopHashing();
            }
        }
        return total;
    }

    private static long copyBuffers(BufferSource source, FileChannel out, MessageDigest hash, Writeback writeback)
            throws IOException {
        List<ByteBuffer> batch = new ArrayList<>();
        long total = 0;
        boolean hashedBySource = hash != null && source.startHashing(hash);
        try {
            while (source.next(batch)) {
                ByteBuffer[] buffers = batch.toArray(ByteBuffer[]::new);
                batch.clear();
                long size = 0;
                for (ByteBuffer buffer : buffers) {
                    if (hash != null && !hashedBySource) {
                        hash.update(buffer.duplicate()); // the duplicate's position moves; the buffer stays unread
                    }
                    size += buffer.remaining();
                }
                for (ByteBuffer buffer : buffers) {
                    writeInPieces(out, buffer);
                }
                total += size;
                writeback.written(out.position());
            }
        } finally {
            if (hashedBySource) {
                source.stopHashing(); // on a failure the digest has seen bytes never written: callers drop it then
            }
        }
        return total;
    }

    /**
     * Writes {@code buffer} with one {@code write} per {@link #PIECE} at most. The kernel sizes the page-cache folios
     * it allocates by the length of each write, and copying into the large folios of multi-MiB writes costs far more
     * kernel time here (256 MiB: 0.57–0.62 s of system time with 8 MiB gathering writes, 0.06–0.07 s with 64 KiB
     * writes, same buffers; {@code dd}: 0.55–0.62 s with 4 MiB blocks, 0.11 s with 64 KiB ones).
     */
    private static void writeInPieces(FileChannel out, ByteBuffer buffer) throws IOException {
        int end = buffer.limit();
        while (buffer.position() < end) {
            buffer.limit(Math.min(end, buffer.position() + PIECE));
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
        }
        buffer.limit(end);
    }

    private static long copyStream(InputStream content, FileChannel out, MessageDigest hash, Writeback writeback)
            throws IOException {
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        int read;
        while ((read = content.read(buffer)) != -1) {
            if (hash != null) {
                hash.update(buffer, 0, read);
            }
            writeInPieces(out, ByteBuffer.wrap(buffer, 0, read));
            total += read;
            writeback.written(out.position());
        }
        return total;
    }
}
