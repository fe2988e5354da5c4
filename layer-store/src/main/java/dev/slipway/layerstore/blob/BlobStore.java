package dev.slipway.layerstore.blob;

import dev.slipway.common.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Content-addressed, deduplicating storage of blob bytes: one physical copy per digest, whatever the number of
 * repositories that link it. Knows nothing of repositories, manifests or uploads sessions.
 *
 * <p>Every write verifies the digest while streaming and publishes atomically: a reader sees either the whole verified
 * blob or nothing. Concurrent writes of the same content all succeed and leave one copy. Implementations are
 * thread-safe. Every implementation runs {@code BlobStoreContractTest}.
 */
public interface BlobStore {

    /**
     * @param digest a blob digest
     * @return the blob's size and age, if stored
     */
    Optional<BlobInfo> stat(Digest digest);

    /**
     * Opens a stored blob for reading from {@code offset}.
     *
     * @param digest the blob
     * @param offset first byte to read
     * @return a stream positioned at {@code offset}, to be closed by the caller
     * @throws BlobNotFoundException when no such blob is stored
     * @throws IOException           on a read failure
     */
    InputStream open(Digest digest, long offset) throws IOException;

    /**
     * @param digest a blob
     * @return a local file holding the blob, when the backend has one (lets the HTTP layer send it zero-copy)
     */
    Optional<Path> localFile(Digest digest);

    /**
     * Streams {@code content} into the store, verifying it against {@code expected}.
     *
     * @param content  the bytes; read to the end, not closed
     * @param expected the digest the content must have
     * @return what was stored, and whether an identical copy was already there
     * @throws DigestMismatchException when the content does not match {@code expected}; nothing is left behind
     * @throws IOException             on a write failure; nothing is left behind
     */
    IngestResult ingest(InputStream content, Digest expected) throws IOException;

    /**
     * Moves a fully written file whose digest the caller has already verified into the store (the end of a chunked
     * upload). The file must live on the store's own filesystem ({@link #stagingArea()}).
     *
     * @param staged the verified file; gone after the call
     * @param digest its digest
     * @return what was stored, and whether an identical copy was already there
     * @throws IOException on a failure; the staged file is then left to the caller
     */
    IngestResult publish(Path staged, Digest digest) throws IOException;

    /**
     * @return a directory on the store's filesystem where upload sessions keep their data before {@link #publish}
     */
    Path stagingArea();

    /**
     * Removes a blob's bytes. Callers make sure nothing references it any more (garbage collection).
     *
     * @param digest the blob
     * @return whether a copy existed
     * @throws IOException on a failure
     */
    boolean delete(Digest digest) throws IOException;

    /**
     * Visits every stored blob (for the garbage collector's sweep of files that metadata no longer knows).
     *
     * @param visitor called once per blob
     * @throws IOException on a listing failure
     */
    void forEach(Consumer<BlobInfo> visitor) throws IOException;
}
