package dev.slipway.registry.client;

import dev.slipway.common.oci.Descriptor;
import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.Manifest;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.common.oci.Tag;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Talks to one registry over the Registry v2 / OCI Distribution API: anonymous, Basic or Bearer-token access (the
 * {@code WWW-Authenticate} challenge flow), retries with backoff, {@code 429} with {@code Retry-After}, digest
 * verification of everything received. Thread-safe; one instance per registry and login, shared by all jobs.
 */
public final class RegistryClient {

    /** How a blob got into the target repository. */
    public enum BlobPush {
        /** Linked from another repository of the same registry; no bytes moved. */
        MOUNTED,
        /** Uploaded. */
        UPLOADED
    }

    private final Transport transport;
    private final ManifestChecker manifestChecker;
    private final ManifestPuller manifestPuller;
    private final ManifestPusher manifestPusher;
    private final BlobChecker blobChecker;
    private final BlobPuller blobPuller;
    private final BlobPusher blobPusher;
    private final Lister lister;
    private final Pinger pinger;
    private final ChunkedUploader chunkedUploader;

    /**
     * @param endpoint where the registry is and how to log in
     * @param policy retry limits and timeouts
     * @param observer receives retries, rate limits and byte counts
     */
    public RegistryClient(RegistryEndpoint endpoint, RetryPolicy policy, RegistryObserver observer) {
        this.transport = new Transport(endpoint, policy, observer);
        this.manifestChecker = new ManifestChecker(transport);
        this.manifestPuller = new ManifestPuller(transport);
        this.manifestPusher = new ManifestPusher(transport);
        this.blobChecker = new BlobChecker(transport);
        this.blobPuller = new BlobPuller(transport);
        this.blobPusher = new BlobPusher(transport);
        this.lister = new Lister(transport);
        this.pinger = new Pinger(transport);
        this.chunkedUploader = new ChunkedUploader(transport);
    }

    /** Where this client connects. */
    public RegistryEndpoint endpoint() {
        return transport.endpoint();
    }

    /**
     * {@code GET /v2/}: the endpoint is a registry and accepts this client's login.
     *
     * @throws RegistryUnauthorizedException if the login is missing or refused
     */
    public void ping() throws RegistryException {
        pinger.ping();
    }

    /**
     * {@code HEAD} a manifest by tag: what it points to now, without a pull counted by Docker Hub.
     *
     * @return the descriptor, or empty when the tag does not exist
     */
    public Optional<Descriptor> checkManifest(RepositoryName repository, Tag tag) throws RegistryException {
        return manifestChecker.check(repository, tag.value());
    }

    /** {@code HEAD} a manifest by digest. */
    public Optional<Descriptor> checkManifest(RepositoryName repository, Digest digest) throws RegistryException {
        return manifestChecker.check(repository, digest.toString());
    }

    /**
     * {@code GET} a manifest or index by tag.
     *
     * @throws RegistryNotFoundException when the tag or repository does not exist
     */
    public Manifest pullManifest(RepositoryName repository, Tag tag) throws RegistryException {
        return manifestPuller.pull(repository, tag.value());
    }

    /** {@code GET} a manifest or index by digest; the bytes are verified against the digest. */
    public Manifest pullManifest(RepositoryName repository, Digest digest) throws RegistryException {
        return manifestPuller.pull(repository, digest.toString());
    }

    /**
     * {@code PUT} a manifest by tag; every blob it references must be in the repository already.
     *
     * @return the manifest's digest
     */
    public Digest pushManifest(RepositoryName repository, Tag tag, Manifest manifest) throws RegistryException {
        manifestPusher.push(repository, tag.value(), manifest);
        return manifest.digest();
    }

    /**
     * {@code PUT} a manifest by its digest (untagged).
     *
     * @return the manifest's digest
     */
    public Digest pushManifest(RepositoryName repository, Manifest manifest) throws RegistryException {
        manifestPusher.push(repository, manifest.digest().toString(), manifest);
        return manifest.digest();
    }

    /** Whether the repository has the blob ({@code HEAD}). */
    public boolean hasBlob(RepositoryName repository, Digest digest) throws RegistryException {
        return blobChecker.exists(repository, digest);
    }

    /** A blob's size ({@code HEAD}); empty when the repository does not have it. */
    public OptionalLong blobSize(RepositoryName repository, Digest digest) throws RegistryException {
        return blobChecker.size(repository, digest);
    }

    /**
     * Streams a blob known only by its digest: its size is asked with a {@code HEAD} first, then it is streamed as by
     * {@link #pullBlob(RepositoryName, Descriptor)}.
     *
     * @throws RegistryNotFoundException when the repository does not have the blob
     */
    public InputStream pullBlob(RepositoryName repository, Digest digest) throws RegistryException {
        long size = blobChecker.size(repository, digest).orElseThrow(() -> new RegistryNotFoundException(
                endpoint().name() + ": blob " + digest + " is not in " + repository));
        return blobPuller.pull(repository, digest, size);
    }

    /**
     * Streams a blob. The stream resumes after a dropped connection and throws an {@code IOException} instead of
     * returning its last bytes when the content does not match the descriptor; the caller closes it.
     */
    public InputStream pullBlob(RepositoryName repository, Descriptor blob) throws RegistryException {
        return blobPuller.pull(repository, blob.digest(), blob.size());
    }

    /**
     * Puts a blob into a repository, by mounting it from {@code mountFrom} when given and possible, else by
     * uploading the content {@code source} opens.
     */
    public BlobPush pushBlob(RepositoryName repository, Descriptor blob, Optional<RepositoryName> mountFrom,
            BlobSource source) throws RegistryException {
        return blobPusher.push(repository, blob, mountFrom, source);
    }

    /**
     * Uploads a blob in chunks of {@code chunkBytes} ({@code PATCH} per chunk), each retried on its own; for large
     * blobs over unreliable links. The content {@code source} opens is checked against the descriptor before the
     * upload is completed.
     */
    public void pushBlobInChunks(RepositoryName repository, Descriptor blob, BlobSource source, int chunkBytes)
            throws RegistryException {
        chunkedUploader.upload(repository, blob, source, chunkBytes);
    }

    /** Every tag of a repository (empty when it does not exist). */
    public List<Tag> listTags(RepositoryName repository) throws RegistryException {
        return lister.tags(repository);
    }

    /** Every repository ({@code /v2/_catalog}). */
    public List<RepositoryName> catalog() throws RegistryException {
        return lister.catalog();
    }
}
