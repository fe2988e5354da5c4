package dev.slipway.layerstore.upload;

import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.layerstore.blob.BlobCopy;
import dev.slipway.layerstore.blob.BlobInfo;
import dev.slipway.layerstore.blob.BlobStore;
import dev.slipway.layerstore.blob.DigestMismatchException;
import dev.slipway.layerstore.blob.IngestResult;
import dev.slipway.layerstore.config.LayerStoreConfig;
import dev.slipway.layerstore.error.ErrorCode;
import dev.slipway.layerstore.error.RangeNotSatisfiableException;
import dev.slipway.layerstore.error.RegistryException;
import dev.slipway.layerstore.error.StorageFullException;
import dev.slipway.layerstore.metrics.RegistryMetrics;
import dev.slipway.layerstore.repository.Repositories;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Blob uploads: monolithic ({@code POST ?digest=}), resumable sessions ({@code POST}, {@code PATCH}…, {@code PUT
 * ?digest=}) and cross-repository mounts.
 *
 * <p>A session's bytes are appended to {@code uploads/<id>/data} and its committed offset kept in PostgreSQL, so a
 * session survives a restart. A running SHA-256 of the received bytes is kept in memory so that finishing a session
 * does not read the data again; after a restart (or a broken chunk) the data is re-hashed once instead. A session is
 * serialised: one chunk at a time.
 */
@ApplicationScoped
@Startup
public class BlobUploads {

    private final UploadSessions sessions;
    private final Repositories repositories;
    private final BlobStore blobs;
    private final RegistryMetrics metrics;
    private final Duration expiry;
    private final boolean directWrites;
    private final Map<UUID, RunningHash> hashes = new ConcurrentHashMap<>();

    BlobUploads(UploadSessions sessions, Repositories repositories, BlobStore blobs, RegistryMetrics metrics,
            LayerStoreConfig config) {
        this.sessions = sessions;
        this.repositories = repositories;
        this.blobs = blobs;
        this.metrics = metrics;
        this.expiry = config.uploads().expiry();
        this.directWrites = config.storage().directWrites();
    }

    /** Drops session data that no session row knows (left by a crash between the two). */
    @PostConstruct
    void removeOrphanedData() {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(blobs.stagingArea())) {
            for (Path dir : dirs) {
                UUID id;
                try {
                    id = UUID.fromString(dir.getFileName().toString());
                } catch (IllegalArgumentException foreign) {
                    deleteTree(dir);
                    continue;
                }
                if (!sessions.known(id)) {
                    deleteTree(dir);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + blobs.stagingArea(), e);
        }
    }

    /**
     * Stores a whole blob sent in one request and links it to the repository.
     *
     * @param repository the repository
     * @param digest     the announced digest
     * @param body       the bytes
     * @return the stored blob
     * @throws RegistryException {@code DIGEST_INVALID} when the bytes do not match; nothing is stored
     */
    public BlobInfo uploadWhole(RepositoryName repository, Digest digest, InputStream body) {
        long started = System.nanoTime();
        IngestResult result;
        try {
            result = blobs.ingest(body, digest);
        } catch (DigestMismatchException e) {
            throw digestInvalid(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        repositories.link(repository, result.blob());
        metrics.received(result.blob().size());
        metrics.uploaded(result, Duration.ofNanos(System.nanoTime() - started));
        return result.blob();
    }

    /**
     * Mounts a blob from another repository without transferring it.
     *
     * @param repository the target repository
     * @param digest     the blob
     * @param from       the source repository; when absent, any repository that links the blob will do
     * @return the mounted blob, or empty when the source does not have it (the caller then starts an upload)
     */
    public Optional<BlobInfo> mount(RepositoryName repository, Digest digest, Optional<RepositoryName> from) {
        Optional<BlobInfo> source = from.isPresent()
                ? repositories.linked(from.get(), digest)
                : repositories.linkedAnywhere(digest);
        source.ifPresent(blob -> {
            repositories.link(repository, blob);
            metrics.mounted(blob);
        });
        return source;
    }

    /**
     * @param repository the repository the blob goes to
     * @return the new session
     */
    public UploadStatus start(RepositoryName repository) {
        UploadSessionEntity session = sessions.create(repository);
        try {
            Files.createDirectories(dataOf(session.id).getParent());
        } catch (IOException e) {
            sessions.remove(session.id);
            throw new UncheckedIOException(e);
        }
        return statusOf(session.id, repository, 0);
    }

    /**
     * @param repository the repository in the upload URL
     * @param id         the session
     * @return where the session stands
     * @throws RegistryException {@code BLOB_UPLOAD_UNKNOWN}
     */
    public UploadStatus status(RepositoryName repository, UUID id) {
        UploadSessionEntity session = sessions.find(repository, id).orElseThrow(() -> unknown(id));
        return statusOf(id, repository, session.received);
    }

    /**
     * Appends a chunk ({@code PATCH}).
     *
     * @param repository    the repository in the upload URL
     * @param id            the session
     * @param range         the chunk's {@code Content-Range}, when sent
     * @param contentLength the request's {@code Content-Length}, or -1
     * @param body          the chunk
     * @return where the session stands afterwards
     * @throws RangeNotSatisfiableException when the chunk does not start where the upload stands
     */
    public UploadStatus append(RepositoryName repository, UUID id, Optional<ContentRange> range, long contentLength,
            InputStream body) {
        RunningHash hash = hashes.computeIfAbsent(id, ignored -> new RunningHash());
        synchronized (hash) {
            UploadSessionEntity session = sessions.find(repository, id).orElseThrow(() -> unknown(id));
            long received = write(session, hash, range, contentLength, body, true);
            return statusOf(id, repository, received);
        }
    }

    /**
     * Finishes a session ({@code PUT ?digest=}), with an optional last chunk, verifies the digest and publishes the
     * blob.
     *
     * @param repository    the repository in the upload URL
     * @param id            the session
     * @param digest        the announced digest
     * @param range         the last chunk's {@code Content-Range}, when sent
     * @param contentLength the request's {@code Content-Length}, or -1
     * @param body          the last chunk (may be empty)
     * @return the stored blob
     * @throws RegistryException {@code DIGEST_INVALID} when the bytes do not match (the session is then discarded)
     */
    public BlobInfo complete(RepositoryName repository, UUID id, Digest digest, Optional<ContentRange> range,
            long contentLength, InputStream body) {
        RunningHash hash = hashes.computeIfAbsent(id, ignored -> new RunningHash());
        synchronized (hash) {
            UploadSessionEntity session = sessions.find(repository, id).orElseThrow(() -> unknown(id));
            // The offset is not committed: the session ends here, or stays where it was if publishing fails.
            long received = write(session, hash, range, contentLength, body, false);
            Path data = dataOf(id);
            try {
                Digest actual = hash.matches(received) && digest.algorithm() == Digest.Algorithm.SHA256
                        ? hash.finish()
                        : rehash(data, digest.algorithm());
                if (!actual.equals(digest)) {
                    discard(id);
                    throw digestInvalid(new DigestMismatchException(digest, actual));
                }
                IngestResult result = blobs.publish(data, digest);
                sessions.finish(id, repository, result.blob());
                metrics.uploaded(result, Duration.between(session.startedAt, Instant.now()));
                hashes.remove(id);
                deleteTree(data.getParent());
                return result.blob();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Cancels a session and drops its data ({@code DELETE}).
     *
     * @param repository the repository in the upload URL
     * @param id         the session
     * @throws RegistryException {@code BLOB_UPLOAD_UNKNOWN}
     */
    public void cancel(RepositoryName repository, UUID id) {
        sessions.find(repository, id).orElseThrow(() -> unknown(id));
        RunningHash hash = hashes.computeIfAbsent(id, ignored -> new RunningHash());
        synchronized (hash) {
            discard(id);
        }
    }

    /**
     * Removes sessions nobody touched for the configured expiry, with their data.
     *
     * @return how many were removed
     */
    public int expireIdle() {
        int removed = 0;
        for (UploadSessionEntity session : sessions.idleSince(Instant.now().minus(expiry))) {
            RunningHash hash = hashes.computeIfAbsent(session.id, ignored -> new RunningHash());
            synchronized (hash) {
                discard(session.id);
            }
            removed++;
        }
        return removed;
    }

    private long write(UploadSessionEntity session, RunningHash hash, Optional<ContentRange> range,
            long contentLength, InputStream body, boolean commitOffset) {
        long offset = session.received;
        if (range.isPresent()) {
            if (range.get().start() != offset) {
                throw new RangeNotSatisfiableException(session.repository, session.id, offset,
                        "chunk starts at " + range.get().start() + " but the upload stands at " + offset);
            }
            if (contentLength >= 0 && range.get().length() != contentLength) {
                throw new RangeNotSatisfiableException(session.repository, session.id, offset,
                        "Content-Range covers " + range.get().length() + " bytes but Content-Length is " + contentLength);
            }
        }
        Path data = dataOf(session.id);
        long written;
        try (FileChannel out = FileChannel.open(data, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            if (out.size() != offset) {
                out.truncate(offset); // bytes of a chunk that never completed
                hash.invalidate();
            }
            out.position(offset);
            MessageDigest running = hash.continueAt(offset);
            try {
                written = BlobCopy.copy(body, data, out, running, directWrites);
            } catch (IOException | RuntimeException broken) {
                out.truncate(offset);
                hash.invalidate();
                if (broken instanceof IOException io && String.valueOf(io.getMessage()).contains("No space left")) {
                    throw new StorageFullException(io);
                }
                throw broken;
            }
            long expected = range.map(ContentRange::length).orElse(contentLength);
            if (expected >= 0 && written != expected) {
                out.truncate(offset);
                hash.invalidate();
                throw new RegistryException(ErrorCode.SIZE_INVALID, ErrorCode.SIZE_INVALID.status(),
                        "received " + written + " bytes but the request announced " + expected,
                        Map.of("expected", expected, "received", written));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long received = offset + written;
        hash.advancedTo(received);
        if (written > 0) {
            if (commitOffset) {
                sessions.advance(session.id, received);
            }
            metrics.received(written);
        }
        return received;
    }

    private void discard(UUID id) {
        sessions.remove(id);
        hashes.remove(id);
        deleteTree(dataOf(id).getParent());
    }

    private Path dataOf(UUID id) {
        return blobs.stagingArea().resolve(id.toString()).resolve("data");
    }

    private static Digest rehash(Path data, Digest.Algorithm algorithm) throws IOException {
        if (!Files.exists(data)) {
            return Digest.of(algorithm, new byte[0]);
        }
        try (InputStream in = Files.newInputStream(data)) {
            return Digest.compute(algorithm, in);
        }
    }

    private static UploadStatus statusOf(UUID id, RepositoryName repository, long received) {
        return new UploadStatus(id, repository, received);
    }

    private static RegistryException unknown(UUID id) {
        return new RegistryException(ErrorCode.BLOB_UPLOAD_UNKNOWN, "upload session " + id + " is unknown or finished");
    }

    private static RegistryException digestInvalid(DigestMismatchException e) {
        return new RegistryException(ErrorCode.DIGEST_INVALID, ErrorCode.DIGEST_INVALID.status(), e.getMessage(),
                Map.of("expected", e.expected().toString(), "actual", e.actual().toString()));
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }

    /** The SHA-256 of a session's bytes so far, valid only while it has seen exactly the committed bytes. */
    private static final class RunningHash {
        private MessageDigest sha256 = Digest.Algorithm.SHA256.newMessageDigest();
        private long position;
        private boolean valid = true;

        /** @return the digest to feed from {@code offset}, or null when the running state is lost */
        MessageDigest continueAt(long offset) {
            if (!valid || position != offset) {
                valid = false;
                return null;
            }
            return sha256;
        }

        void advancedTo(long received) {
            position = received;
        }

        void invalidate() {
            valid = false;
        }

        boolean matches(long received) {
            return valid && position == received;
        }

        Digest finish() {
            Digest digest = new Digest(Digest.Algorithm.SHA256, HexFormat.of().formatHex(sha256.digest()));
            sha256 = Digest.Algorithm.SHA256.newMessageDigest();
            valid = false;
            return digest;
        }
    }
}
