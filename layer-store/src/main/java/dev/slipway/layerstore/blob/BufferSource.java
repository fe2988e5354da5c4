package dev.slipway.layerstore.blob;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Content that can lend the buffers it already holds instead of copying them into a caller's array: an upload body
 * arrives as network buffers, and hashing and writing them in place saves a pass over every byte. {@link BlobCopy}
 * uses it when the {@link java.io.InputStream} it is given implements it too.
 */
public interface BufferSource {

    /**
     * Hands over the next buffers, waiting until at least one is available.
     *
     * @param batch receives the buffers, each positioned on its bytes; the source never touches them again
     * @return false at the end of the content, with nothing added
     * @throws IOException when the content cannot be read
     */
    boolean next(List<ByteBuffer> batch) throws IOException;
}
