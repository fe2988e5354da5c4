package dev.slipway.worker.registry;

import dev.slipway.common.oci.Descriptor;
import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.Manifest;
import dev.slipway.common.oci.MediaType;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.common.oci.Tag;
import dev.slipway.registry.client.BlobSource;
import dev.slipway.registry.client.CredentialsProvider;
import dev.slipway.registry.client.RegistryClient;
import dev.slipway.registry.client.RegistryEndpoint;
import dev.slipway.registry.client.RegistryException;
import dev.slipway.registry.client.RegistryNotFoundException;
import dev.slipway.registry.client.RegistryObserver;
import dev.slipway.registry.client.RetryPolicy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The worker's view of the layer-store, on top of the shared {@link RegistryClient} (token auth, retries, verified
 * streams): content-addressed pushes that skip what the repository has, blob copies between repositories by mount or
 * stream, downloads into files that appear only when verified, and failures as {@link IOException}. Thread-safe.
 */
public final class LayerStore {

    /** Uploads carry raw bytes; the media type lives in the manifest, not in the upload. */
    private static final MediaType OCTET_STREAM = new MediaType("application/octet-stream");
    /**
     * Blobs up to this size are uploaded without asking first whether the repository has them: the question
     * ({@code HEAD}) is a round trip of its own that pays off only when it saves a large upload, and the small blobs a
     * build writes (configs, the layers of small steps) are nearly always new. One the repository holds already is
     * verified and stored once all the same (content-addressed).
     */
    private static final long ASK_FIRST_ABOVE = 64 * 1024;

    private final RegistryClient client;

    /** Wraps a client for the layer-store. */
    public LayerStore(RegistryClient client) {
        this.client = client;
    }

    /**
     * The layer-store at {@code base} ({@code http://127.0.0.1:5000}), logging in with {@code login} when it
     * challenges.
     */
    public static LayerStore connect(URI base, CredentialsProvider login) {
        return new LayerStore(new RegistryClient(new RegistryEndpoint("layer-store", base, login), RetryPolicy.DEFAULT,
                RegistryObserver.NONE));
    }

    /** The registry's {@code host:port}, as image references name it. */
    public String host() {
        URI b = client.endpoint().baseUri();
        return b.getPort() < 0 ? b.getHost() : b.getHost() + ":" + b.getPort();
    }

    /** Whether the repository has the blob. */
    public boolean hasBlob(RepositoryName repo, Digest digest) throws IOException {
        try {
            return client.hasBlob(repo, digest);
        } catch (RegistryException e) {
            throw new LayerStoreException(e);
        }
    }

    /** Uploads a blob file unless the repository has it already (asked only for a large blob). */
    public void pushBlob(RepositoryName repo, Digest digest, Path file) throws IOException {
        long size = Files.size(file);
        push(repo, Descriptor.of(OCTET_STREAM, digest, size), () -> Files.newInputStream(file));
    }

    /** Uploads a small blob (asked first only when large); returns its digest. */
    public Digest pushBlob(RepositoryName repo, byte[] data) throws IOException {
        Descriptor blob = Descriptor.of(OCTET_STREAM, data);
        push(repo, blob, () -> new ByteArrayInputStream(data));
        return blob.digest();
    }

    /**
     * Makes a blob of {@code from} available in {@code repo}: a cross-repository mount when the registry does that,
     * else streamed from one repository into the other (verified on the way). A mount answers 201 whether or not
     * {@code repo} had the blob, so it is not asked first ({@code HEAD}: a round trip more per layer).
     */
    public void copyBlob(RepositoryName from, RepositoryName repo, Descriptor blob) throws IOException {
        try {
            if (from.equals(repo)) {
                return;
            }
            client.pushBlob(repo, blob, Optional.of(from), () -> client.pullBlob(from, blob));
        } catch (RegistryException e) {
            throw new LayerStoreException(e);
        }
    }

    /**
     * Downloads a blob into {@code dest} atomically; the file appears only when digest and size matched. The size
     * comes from the descriptor, so this is one {@code GET} (not a {@code HEAD} for the size first).
     */
    public void pullBlob(RepositoryName repo, Descriptor blob, Path dest) throws IOException {
        Path tmp = Files.createTempFile(dest.toAbsolutePath().getParent(), ".blob-", ".part");
        try {
            try (InputStream in = client.pullBlob(repo, blob); OutputStream out = Files.newOutputStream(tmp)) {
                in.transferTo(out);
            }
            Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (RegistryException e) {
            throw new LayerStoreException(e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A small blob (a config), verified against its descriptor; one {@code GET}. */
    public byte[] pullBlobBytes(RepositoryName repo, Descriptor blob) throws IOException {
        try (InputStream in = client.pullBlob(repo, blob)) {
            return in.readAllBytes();
        } catch (RegistryException e) {
            throw new LayerStoreException(e);
        }
    }

    /** A manifest or index by tag or digest; empty when the registry has none. */
    public Optional<Manifest> pullManifest(RepositoryName repo, String reference) throws IOException {
        try {
            return Optional.of(reference.contains(":") ? client.pullManifest(repo, Digest.parse(reference))
                    : client.pullManifest(repo, Tag.parse(reference)));
        } catch (RegistryNotFoundException e) {
            return Optional.empty();
        } catch (RegistryException e) {
            throw new LayerStoreException(e);
        }
    }

    /** The digest a tag points at ({@code HEAD}, no body); empty when the tag or repository does not exist. */
    public Optional<Digest> tagDigest(RepositoryName repo, Tag tag) throws IOException {
        try {
            return client.checkManifest(repo, tag).map(Descriptor::digest);
        } catch (RegistryNotFoundException e) {
            return Optional.empty();
        } catch (RegistryException e) {
            throw new LayerStoreException(e);
        }
    }

    /** Stores a manifest under a tag or its digest; returns its digest. */
    public Digest pushManifest(RepositoryName repo, String reference, Manifest manifest) throws IOException {
        try {
            if (!reference.contains(":")) {
                return client.pushManifest(repo, Tag.parse(reference), manifest);
            }
            if (!Digest.parse(reference).equals(manifest.digest())) {
                throw new IllegalArgumentException("manifest " + manifest.digest() + " cannot be stored as "
                        + reference);
            }
            return client.pushManifest(repo, manifest);
        } catch (RegistryException e) {
            throw new LayerStoreException(e);
        }
    }

    private void push(RepositoryName repo, Descriptor blob, BlobSource source)
            throws IOException {
        try {
            if (blob.size() <= ASK_FIRST_ABOVE || !client.hasBlob(repo, blob.digest())) {
                client.pushBlob(repo, blob, Optional.empty(), source);
            }
        } catch (RegistryException e) {
            throw new LayerStoreException(e);
        }
    }
}
