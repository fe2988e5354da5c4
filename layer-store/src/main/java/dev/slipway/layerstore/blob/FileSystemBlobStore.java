package dev.slipway.layerstore.blob;

import dev.slipway.common.oci.Digest;
import dev.slipway.layerstore.error.StorageFullException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The filesystem backend. Layout under the configured root:
 *
 * <pre>
 * &lt;root&gt;
 * ├── sha256
 * │   └── ab
 * │       └── abcdef…        one immutable file per digest, shared by every repository
 * ├── sha512
 * │   └── …
 * ├── uploads
 * │   └── &lt;session uuid&gt;
 * │       └── data           bytes of a resumable upload (state in PostgreSQL)
 * └── tmp                    single-request writes in progress; emptied at startup
 * </pre>
 *
 * A write goes to {@code tmp/}, is hashed while streaming, compared with the announced digest, fsynced and renamed
 * into place. rename(2) is atomic, so a reader never sees a partial blob, and two writers of the same content end with
 * one identical file.
 */
final class FileSystemBlobStore implements BlobStore {

    private final Path root;
    private final Path tmp;
    private final Path uploads;
    private final boolean directWrites;

    /**
     * Opens (creating it if needed) a store under {@code root} and removes writes that a crash left in {@code tmp/}.
     *
     * @param root         the storage root
     * @param directWrites whether uploads bypass the page cache ({@code layerstore.storage.direct-writes})
     */
    FileSystemBlobStore(Path root, boolean directWrites) {
        this.directWrites = directWrites;
        try {
            this.root = Files.createDirectories(root).toAbsolutePath();
            this.tmp = Files.createDirectories(this.root.resolve("tmp"));
            this.uploads = Files.createDirectories(this.root.resolve("uploads"));
            try (Stream<Path> leftovers = Files.list(tmp)) {
                for (Path leftover : (Iterable<Path>) leftovers::iterator) {
                    Files.deleteIfExists(leftover);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare blob storage under " + root, e);
        }
    }

    @Override
    public Optional<BlobInfo> stat(Digest digest) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(pathOf(digest), BasicFileAttributes.class);
            return Optional.of(new BlobInfo(digest, attributes.size(), attributes.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public InputStream open(Digest digest, long offset) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(pathOf(digest), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(digest);
        }
        channel.position(offset);
        return Channels.newInputStream(channel);
    }

    @Override
    public Optional<Path> localFile(Digest digest) {
        Path path = pathOf(digest);
        return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }

    @Override
    public IngestResult ingest(InputStream content, Digest expected) throws IOException {
        Path staged = Files.createTempFile(tmp, "ingest-", ".part");
        try {
            MessageDigest hash = expected.algorithm().newMessageDigest();
            try (FileChannel out = FileChannel.open(staged, StandardOpenOption.WRITE)) {
                BlobCopy.copy(content, staged, out, hash, directWrites);
                Digest actual = new Digest(expected.algorithm(), HexFormat.of().formatHex(hash.digest()));
                if (!actual.equals(expected)) {
                    throw new DigestMismatchException(expected, actual);
                }
                out.force(false);
            }
            return moveIntoPlace(staged, expected);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(staged);
            throw storageFull(e);
        }
    }

    @Override
    public IngestResult publish(Path staged, Digest digest) throws IOException {
        try (FileChannel out = FileChannel.open(staged, StandardOpenOption.WRITE)) {
            out.force(false);
        }
        try {
            return moveIntoPlace(staged, digest);
        } catch (IOException e) {
            throw storageFull(e);
        }
    }

    @Override
    public Path stagingArea() {
        return uploads;
    }

    @Override
    public boolean delete(Digest digest) throws IOException {
        return Files.deleteIfExists(pathOf(digest));
    }

    @Override
    public void forEach(Consumer<BlobInfo> visitor) throws IOException {
        for (Digest.Algorithm algorithm : Digest.Algorithm.values()) {
            Path top = root.resolve(algorithm.id());
            if (!Files.isDirectory(top)) {
                continue;
            }
            try (DirectoryStream<Path> prefixes = Files.newDirectoryStream(top)) {
                for (Path prefix : prefixes) {
                    try (DirectoryStream<Path> files = Files.newDirectoryStream(prefix)) {
                        for (Path file : files) {
                            Digest digest;
                            try {
                                digest = new Digest(algorithm, file.getFileName().toString());
                            } catch (IllegalArgumentException foreign) {
                                continue; // not a blob of ours
                            }
                            stat(digest).ifPresent(visitor);
                        }
                    }
                }
            }
        }
    }

    private IngestResult moveIntoPlace(Path staged, Digest digest) throws IOException {
        Path target = pathOf(digest);
        Optional<BlobInfo> existing = stat(digest);
        if (existing.isPresent()) {
            Files.delete(staged);
            return new IngestResult(existing.get(), true);
        }
        Path parent = Files.createDirectories(target.getParent());
        try {
            // Replacing a copy that a concurrent writer published meanwhile is harmless: the bytes are identical.
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException raced) {
            Files.deleteIfExists(staged);
        }
        try (FileChannel directory = FileChannel.open(parent, StandardOpenOption.READ)) {
            directory.force(true); // make the rename itself durable
        }
        return new IngestResult(stat(digest).orElseThrow(() -> new BlobNotFoundException(digest)), false);
    }

    private Path pathOf(Digest digest) {
        String hex = digest.hex();
        return root.resolve(digest.algorithm().id()).resolve(hex.substring(0, 2)).resolve(hex);
    }

    /** Turns a full-disk failure into the registry's clear error; returns any other I/O failure to be rethrown. */
    private static IOException storageFull(Exception e) {
        if (e instanceof IOException io && io.getMessage() != null && io.getMessage().contains("No space left on device")) {
            throw new StorageFullException(io);
        }
        if (e instanceof IOException io) {
            return io;
        }
        throw (RuntimeException) e;
    }
}
