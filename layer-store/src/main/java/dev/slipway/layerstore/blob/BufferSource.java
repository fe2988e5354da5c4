package dev.slipway.layerstore.blob;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
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

    /**
     * Asks the source to feed {@code hash} itself with every byte it has not handed over yet, as the bytes arrive, so
     * that the consumer only writes. Until {@link #stopHashing()}, the consumer must not touch {@code hash}.
     *
     * @param hash the digest to update, in content order
     * @return whether the source does so; when false, the consumer hashes what it is handed
     */
    default boolean startHashing(MessageDigest hash) {
        return false;
    }

    /** Stops feeding the digest given to {@link #startHashing}; once this returns, the source never touches it again. */
    default void stopHashing() {
    }
}
