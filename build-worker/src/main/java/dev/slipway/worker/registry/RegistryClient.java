package dev.slipway.worker.registry;

import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.Manifest;
import dev.slipway.common.oci.RepositoryName;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The worker's client of an OCI Distribution registry (the layer-store): blobs and manifests by repository.
 * Pushes are idempotent and keyed by content: a blob the repository already has is never sent again.
 * Thread-safe.
 *
 * @see <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md">OCI distribution spec</a>
 */
public final class RegistryClient {

    private final RegistryHttp http;
    private final BlobChecker checker;
    private final BlobUploader uploader;
    private final BlobPuller puller;
    private final ManifestEndpoint manifests;

    /**
     * @param base the registry's base URL, e.g. {@code http://127.0.0.1:5000}
     */
    public RegistryClient(URI base) {
        this.http = new RegistryHttp(base);
        this.checker = new BlobChecker(http);
        this.uploader = new BlobUploader(http);
        this.puller = new BlobPuller(http);
        this.manifests = new ManifestEndpoint(http);
    }

    /** The registry's {@code host:port}, as image references name it. */
    public String host() {
        URI b = http.base();
        return b.getPort() < 0 ? b.getHost() : b.getHost() + ":" + b.getPort();
    }

    public boolean hasBlob(RepositoryName repo, Digest digest) throws RegistryException {
        return checker.exists(repo, digest);
    }

    /** Uploads a blob file unless the repository has it already. */
    public void pushBlob(RepositoryName repo, Digest digest, Path file) throws RegistryException {
        if (!checker.exists(repo, digest)) {
            uploader.upload(repo, digest, file);
        }
    }

    /** Uploads a small blob unless the repository has it already; returns its digest. */
    public Digest pushBlob(RepositoryName repo, byte[] data) throws RegistryException {
        Digest d = Digest.sha256(data);
        if (!checker.exists(repo, d)) {
            uploader.upload(repo, d, HttpRequest.BodyPublishers.ofByteArray(data));
        }
        return d;
    }

    /**
     * Makes a blob of {@code from} available in {@code repo}: nothing when it is there, a cross-repository mount when
     * the registry does that, else a download and upload.
     */
    public void copyBlob(RepositoryName from, RepositoryName repo, Digest digest, Path scratchDir) throws IOException {
        if (from.equals(repo) || checker.exists(repo, digest) || uploader.mount(repo, digest, from)) {
            return;
        }
        Path tmp = scratchDir.resolve("copy-" + digest.hex());
        try {
            puller.pull(from, digest, tmp);
            uploader.upload(repo, digest, tmp);
        } finally {
            java.nio.file.Files.deleteIfExists(tmp);
        }
    }

    /** Downloads a blob to {@code dest}, verified. */
    public void pullBlob(RepositoryName repo, Digest digest, Path dest) throws IOException {
        puller.pull(repo, digest, dest);
    }

    /** A small blob (a config), verified. */
    public byte[] pullBlobBytes(RepositoryName repo, Digest digest) throws IOException {
        return puller.pullBytes(repo, digest);
    }

    /** A manifest or index by tag or digest; empty when the registry has none. */
    public Optional<Manifest> pullManifest(RepositoryName repo, String reference) throws RegistryException {
        return manifests.pull(repo, reference);
    }

    /** Stores a manifest under a tag or its digest. */
    public Digest pushManifest(RepositoryName repo, String reference, Manifest manifest) throws RegistryException {
        return manifests.push(repo, reference, manifest);
    }
}
