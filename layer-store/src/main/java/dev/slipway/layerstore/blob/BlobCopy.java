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
 * with one gathering write per batch, or, when the caller asks for it and the file allows it, with {@code O_DIRECT}
 * through an aligned buffer ({@link DirectWrites}); any other stream goes through a 1 MiB array.
 *
 * <p>Every blob is fsynced before it is published. So that this final fsync does not have to push the whole blob to
 * disk after the last byte arrived, the kernel is asked to start writing each few MiB back as soon as they are written
 * ({@link Writeback}); that is only a head start, the caller's own fsync still decides durability. Nothing here waits
 * for the disk: a chunk ({@code PATCH}) is answered as soon as its bytes are in the file.
 */
public final class BlobCopy {

    private static final int BUFFER = 1 << 20;

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
                for (long left = size; left > 0; ) {
                    left -= out.write(buffers);
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

    private static long copyStream(InputStream content, FileChannel out, MessageDigest hash, Writeback writeback)
            throws IOException {
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        int read;
        while ((read = content.read(buffer)) != -1) {
            if (hash != null) {
                hash.update(buffer, 0, read);
            }
            ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, read);
            while (chunk.hasRemaining()) {
                out.write(chunk);
            }
            total += read;
            writeback.written(out.position());
        }
        return total;
    }
}
