package dev.slipway.sync.transfer;

import dev.slipway.common.oci.Descriptor;
import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.ImageIndex;
import dev.slipway.common.oci.ImageManifest;
import dev.slipway.common.oci.Manifest;
import dev.slipway.common.oci.Platform;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.registry.client.BlobSource;
import dev.slipway.registry.client.RegistryClient;
import dev.slipway.registry.client.RegistryException;
import dev.slipway.registry.client.RegistryUnavailableException;
import dev.slipway.sync.config.SyncConfig;
import dev.slipway.sync.upstream.SyncMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/**
 * Copies an image (a manifest, or an index with its manifests) from a repository of one registry to a repository of
 * another: every blob first, in parallel (skipped when the target has it, mounted when another repository of the
 * target has it, else streamed from source to target), then the child manifests, then the top manifest by digest. The
 * caller sets the tag afterwards, so a failed copy leaves no tag pointing at a half image.
 */
@ApplicationScoped
public class ImageTransfer {

    /** One side of a copy. */
    public record Endpoint(RegistryClient client, RepositoryName repository) {

        String registry() {
            return client.endpoint().name();
        }
    }

    private record BlobKey(String registry, Digest digest) { }

    private final BlobLocations locations;
    private final SyncMetrics metrics;
    private final int parallelBlobs;
    private final int blobAttempts;
    private final java.time.Duration backoff;
    private final Coalescer<BlobKey, RepositoryName, RegistryException> blobs =
            new Coalescer<>(RegistryException.class);

    ImageTransfer(BlobLocations locations, SyncMetrics metrics, SyncConfig config) {
        this.locations = locations;
        this.metrics = metrics;
        this.parallelBlobs = config.pull().parallelBlobs();
        this.blobAttempts = config.retry().maxAttempts();
        this.backoff = config.retry().initialBackoff();
    }

    /**
     * Copies {@code top} and everything it references.
     *
     * @param platforms which platforms of an index to copy; an index filtered down is stored as a new, smaller index
     * @return the manifest stored in the target: {@code top}, or the filtered index
     */
    public Manifest copy(Endpoint source, Manifest top, Endpoint target, Predicate<Platform> platforms,
            TransferListener listener) throws RegistryException {
        List<Manifest> children = new ArrayList<>();
        Manifest stored = top;
        if (top instanceof ImageIndex index) {
            List<Descriptor> kept = index.manifests().stream()
                    .filter(d -> d.platform() != null ? platforms.test(d.platform()) : platforms.test(null))
                    .toList();
            if (kept.isEmpty()) {
                throw new RegistryException("the index " + top.digest() + " has no image for the requested platforms");
            }
            for (Descriptor child : kept) {
                children.add(source.client().pullManifest(source.repository(), child.digest()));
            }
            if (kept.size() < index.manifests().size()) {
                stored = ImageIndex.of(index.mediaType(), kept, index.annotations());
            }
        } else {
            children.add(top);
        }
        Map<Digest, Descriptor> blobsToCopy = new LinkedHashMap<>();
        Set<Digest> layers = new java.util.HashSet<>();
        for (Manifest child : children) {
            if (child instanceof ImageManifest image) {
                blobsToCopy.putIfAbsent(image.config().digest(), image.config());
                image.layers().forEach(l -> {
                    blobsToCopy.putIfAbsent(l.digest(), l);
                    layers.add(l.digest());
                });
            } else {
                throw new RegistryException("nested index " + child.digest() + " inside index " + top.digest()
                        + " is not supported");
            }
        }
        copyBlobs(source, target, blobsToCopy.values(), layers, listener);
        // manifests after their blobs; the top one by digest only: the caller tags
        for (Manifest child : children) {
            if (child != stored) {
                target.client().pushManifest(target.repository(), child);
            }
        }
        target.client().pushManifest(target.repository(), stored);
        return stored;
    }

    private void copyBlobs(Endpoint source, Endpoint target, java.util.Collection<Descriptor> all, Set<Digest> layers,
            TransferListener listener) throws RegistryException {
        TransferListener quiet = (d, p, c, f) -> { };
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallelBlobs, all.size())));
        try {
            List<Future<Void>> running = new ArrayList<>();
            for (Descriptor blob : all) {
                TransferListener l = layers.contains(blob.digest()) ? listener : quiet;
                l.layer(blob, TransferListener.Phase.QUEUED, 0, null);
                running.add(pool.submit(() -> {
                    copyBlob(source, target, blob, l);
                    return null;
                }));
            }
            for (Future<Void> f : running) {
                f.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RegistryException re) {
                throw re;
            }
            if (e.getCause() instanceof RuntimeException rt) {
                throw rt;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while copying blobs", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private void copyBlob(Endpoint source, Endpoint target, Descriptor blob, TransferListener listener)
            throws RegistryException {
        if (target.client().hasBlob(target.repository(), blob.digest())) {
            listener.layer(blob, TransferListener.Phase.EXISTS, blob.size(), null);
            locations.record(target.registry(), blob.digest(), target.repository());
            return;
        }
        BlobSource content = () -> new ProgressInputStream(
                source.client().pullBlob(source.repository(), blob), blob, listener);
        Coalescer.Outcome<RepositoryName> outcome = blobs.run(new BlobKey(target.registry(), blob.digest()), () -> {
            Optional<RepositoryName> from = locations.find(target.registry(), blob.digest())
                    .filter(r -> !r.equals(target.repository()));
            report(listener, blob, pushWithRetries(target, blob, from, content), from);
            return target.repository();
        });
        if (outcome.joined()) {
            metrics.coalesced("blob");
            RepositoryName landed = outcome.value();
            if (landed.equals(target.repository())) {
                listener.layer(blob, TransferListener.Phase.EXISTS, blob.size(), null);
            } else {
                report(listener, blob, target.client().pushBlob(target.repository(), blob, Optional.of(landed), content),
                        Optional.of(landed));
            }
        }
        locations.record(target.registry(), blob.digest(), target.repository());
        locations.record(source.registry(), blob.digest(), source.repository());
    }

    /**
     * An upload whose stream broke (the target dropped the connection, a source resume gave up) starts over with a
     * fresh source stream; the registry client already retried everything that could be retried in place.
     */
    private RegistryClient.BlobPush pushWithRetries(Endpoint target, Descriptor blob, Optional<RepositoryName> from,
            BlobSource content) throws RegistryException {
        for (int attempt = 1; ; attempt++) {
            try {
                return target.client().pushBlob(target.repository(), blob, from, content);
            } catch (RegistryUnavailableException e) {
                if (attempt >= blobAttempts) {
                    throw e;
                }
                metrics.retried(target.registry(), "upload of " + blob.digest().shortId() + " restarted: "
                        + e.getMessage());
                try {
                    Thread.sleep(backoff.multipliedBy(1L << Math.min(attempt - 1, 10)).toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static void report(TransferListener listener, Descriptor blob, RegistryClient.BlobPush how,
            Optional<RepositoryName> from) {
        if (how == RegistryClient.BlobPush.MOUNTED) {
            listener.layer(blob, TransferListener.Phase.MOUNTED, blob.size(), from.orElse(null));
        } else {
            listener.layer(blob, TransferListener.Phase.DONE, blob.size(), null);
        }
    }
}
