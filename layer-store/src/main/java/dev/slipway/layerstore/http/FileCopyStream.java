package dev.slipway.layerstore.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jboss.logging.Logger;

/**
 * Sends a whole file as a response body by reading it into pooled buffers and writing those, all on the response's
 * event loop, one buffer ahead of the socket ({@link HttpServerResponse#writeQueueFull()} / drain).
 *
 * <p>For clients on this host only. {@code sendfile} leaves the CPU nothing to copy when a network card sends the
 * pages, but on loopback the receiving process then copies every byte out of the page cache itself, cold, on one core:
 * measured in session 3, curl spent 0.13–0.18 s of kernel time receiving 256 MiB that way, against 0.04–0.07 s when
 * the sender copied the bytes into the socket (the receiver then copies them from the CPU cache). Reading here splits
 * that copy between the two processes, as Distribution's read-and-write loop does.
 */
final class FileCopyStream {

    private static final Logger LOG = Logger.getLogger(FileCopyStream.class);
    /** Large enough that a 256 MiB blob takes a few hundred turns of the loop, small enough to stay in the L2 cache. */
    private static final int CHUNK = 512 << 10;

    private final HttpServerResponse response;
    private final HttpConnection connection;
    private final FileChannel file;
    private final long end;
    private long position;

    private FileCopyStream(HttpServerRequest request, FileChannel file, long end) {
        this.response = request.response();
        this.connection = request.connection();
        this.file = file;
        this.end = end;
    }

    /**
     * Starts sending {@code length} bytes of {@code path}; call on the response's event loop with status and headers
     * set. The response is ended when the last byte is written, or the connection closed on a read failure.
     *
     * @param request the request whose response this is
     * @param path    the file
     * @param length  its length, as announced in {@code Content-Length}
     * @throws IOException when the file cannot be opened (nothing has been sent then)
     */
    static void send(HttpServerRequest request, Path path, long length) throws IOException {
        FileCopyStream stream = new FileCopyStream(request, FileChannel.open(path, StandardOpenOption.READ), length);
        request.response().closeHandler(ignored -> stream.close());
        stream.pump();
    }

    private void pump() {
        try {
            while (position < end && !response.writeQueueFull()) {
                ByteBuf chunk = read((int) Math.min(CHUNK, end - position));
                // Vert.x hands Netty an unreleasable view of a buffer it did not allocate: release it once written.
                response.write(Buffer.buffer(chunk)).onComplete(written -> chunk.release());
            }
            if (position < end) {
                response.drainHandler(ignored -> pump());
            } else {
                close();
                response.end();
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("sending a blob failed after %d of %d bytes: %s", position, end, e.getMessage());
            close();
            connection.close(); // the client must not take a short body for the whole blob
        }
    }

    private ByteBuf read(int length) throws IOException {
        ByteBuf chunk = PooledByteBufAllocator.DEFAULT.directBuffer(length);
        try {
            while (chunk.writableBytes() > 0) {
                int read = chunk.writeBytes(file, position + chunk.readableBytes(), chunk.writableBytes());
                if (read < 0) {
                    throw new IOException("the file ended before its announced length");
                }
            }
            position += length;
            return chunk;
        } catch (IOException | RuntimeException e) {
            chunk.release();
            throw e;
        }
    }

    private void close() {
        try {
            file.close();
        } catch (IOException ignored) {
            // Read-only: closing cannot lose anything.
        }
    }
}
