package dev.slipway.sync.pull;

import dev.slipway.common.oci.Descriptor;
import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.ImageReference;
import dev.slipway.common.oci.Manifest;
import dev.slipway.common.oci.Platform;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.common.oci.Tag;
import dev.slipway.registry.client.RegistryClient;
import dev.slipway.registry.client.RegistryException;
import dev.slipway.registry.client.RegistryNotFoundException;
import dev.slipway.registry.client.RegistryUnauthorizedException;
import dev.slipway.registry.client.RegistryUnavailableException;
import dev.slipway.sync.config.SyncConfig;
import dev.slipway.sync.state.MirroredTag;
import dev.slipway.sync.state.SyncState;
import dev.slipway.sync.transfer.Coalescer;
import dev.slipway.sync.transfer.ImageTransfer;
import dev.slipway.sync.transfer.SyncFailure;
import dev.slipway.sync.transfer.TransferListener;
import dev.slipway.sync.upstream.LocalNames;
import dev.slipway.sync.upstream.Registries;
import dev.slipway.sync.upstream.SyncMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Brings upstream images into the layer-store. The upstream tag is checked with {@code HEAD} first (free under Docker
 * Hub's pull limit): when the layer-store already serves what it points to, nothing is fetched. Otherwise the
 * manifest is fetched by digest, copied with its blobs, and the layer-store tag is set last. When the upstream is
 * unreachable or rate limiting, a tag mirrored before is served from the layer-store with a warning.
 */
@ApplicationScoped
public class PullService {

    private final Registries registries;
    private final ImageTransfer transfer;
    private final SyncState state;
    private final SyncMetrics metrics;
    private final Predicate<Platform> platforms;
    private final Coalescer<ImageReference, PullResult, SyncFailure> inFlight = new Coalescer<>(SyncFailure.class);

    PullService(Registries registries, ImageTransfer transfer, SyncState state, SyncMetrics metrics,
            SyncConfig config) {
        this.registries = registries;
        this.transfer = transfer;
        this.state = state;
        this.metrics = metrics;
        this.platforms = PlatformFilter.of(config.pull().platforms().orElse(List.of()));
    }

    /**
     * Makes sure an image is in the layer-store; concurrent calls for the same image share one pull (pull-through for
     * workers).
     */
    public PullResult ensure(ImageReference image) throws SyncFailure {
        Coalescer.Outcome<PullResult> outcome = inFlight.run(image, () -> pull(image, TransferListener.NONE));
        if (outcome.joined()) {
            metrics.coalesced("image");
        }
        return outcome.value();
    }

    /** Pulls one image (tag or digest). */
    public PullResult pull(ImageReference image, TransferListener listener) throws SyncFailure {
        RepositoryName local = LocalNames.repository(image);
        RegistryClient upstream;
        try {
            upstream = registries.upstream(image);
        } catch (IllegalArgumentException e) {
            throw new SyncFailure(SyncFailure.Reason.INVALID, image.familiar() + ": " + e.getMessage(), e);
        }
        try {
            return fetch(image, upstream, local, listener);
        } catch (RegistryUnavailableException e) {
            return stale(image, local, e, listener);
        } catch (RegistryNotFoundException e) {
            // a tag deleted upstream is gone for docker pull too; the copy mirrored earlier stays in the layer-store
            String mirrored = state.lastMirrored(image).map(m -> " (the copy mirrored at " + m.syncedAt()
                    + " stays in the layer-store as " + local + ")").orElse(" and not mirrored");
            throw new SyncFailure(SyncFailure.Reason.NOT_FOUND, image.familiar() + ": not found upstream"
                    + mirrored + ": " + e.getMessage(), e);
        } catch (RegistryUnauthorizedException e) {
            throw new SyncFailure(SyncFailure.Reason.UNAUTHORIZED, image.familiar() + ": " + e.getMessage(), e);
        } catch (RegistryException e) {
            throw new SyncFailure(SyncFailure.Reason.INVALID, image.familiar() + ": " + e.getMessage(), e);
        }
    }

    /** Pulls every tag of the image's repository ({@code docker pull --all-tags}). */
    public List<PullResult> pullAllTags(ImageReference image, TransferListener listener) throws SyncFailure {
        List<Tag> tags;
        try {
            tags = registries.upstream(image).listTags(image.repository());
        } catch (RegistryException e) {
            throw new SyncFailure(e instanceof RegistryUnavailableException ? SyncFailure.Reason.UNAVAILABLE
                    : SyncFailure.Reason.INVALID, image.familiarName() + ": cannot list tags: " + e.getMessage(), e);
        }
        if (tags.isEmpty()) {
            throw new SyncFailure(SyncFailure.Reason.NOT_FOUND, image.familiarName()
                    + ": not found upstream and not mirrored (no tags)", null);
        }
        List<PullResult> results = new ArrayList<>();
        for (Tag tag : tags) {
            results.add(pull(image.withTag(tag), listener));
        }
        return results;
    }

    private PullResult fetch(ImageReference image, RegistryClient upstream, RepositoryName local,
            TransferListener listener) throws RegistryException {
        RegistryClient store = registries.layerStore();
        Manifest top;
        if (image.tag() == null) {
            if (store.checkManifest(local, image.digest()).isPresent()) {
                listener.status("Digest: " + image.digest());
                return new PullResult(image, local, image.digest(), PullResult.Outcome.UP_TO_DATE, null);
            }
            top = upstream.pullManifest(image.repository(), image.digest());
        } else {
            Optional<Descriptor> head = upstream.checkManifest(image.repository(), image.tag());
            Optional<MirroredTag> before = state.lastMirrored(image);
            if (head.isPresent() && before.isPresent() && before.get().upstreamDigest().equals(head.get().digest())) {
                Optional<Descriptor> stored = store.checkManifest(local, image.tag());
                if (stored.isPresent() && stored.get().digest().equals(before.get().storedDigest())) {
                    listener.status("Digest: " + head.get().digest());
                    listener.status("Status: Image is up to date for " + image.familiar());
                    return new PullResult(image, local, stored.get().digest(), PullResult.Outcome.UP_TO_DATE,
                            before.get().syncedAt());
                }
            }
            // a registry that omits Docker-Content-Digest on HEAD is asked with GET by tag
            top = head.isPresent() ? upstream.pullManifest(image.repository(), head.get().digest())
                    : upstream.pullManifest(image.repository(), image.tag());
        }
        Manifest stored = transfer.copy(new ImageTransfer.Endpoint(upstream, image.repository()), top,
                new ImageTransfer.Endpoint(store, local), platforms, listener);
        Instant now = Instant.now();
        if (image.tag() != null) {
            store.pushManifest(local, image.tag(), stored); // the tag last: a failed pull leaves no tag
            state.mirrored(image, top.digest(), stored.digest(), now);
        }
        listener.status("Digest: " + top.digest());
        listener.status("Status: Downloaded newer image for " + image.familiar());
        return new PullResult(image, local, stored.digest(), PullResult.Outcome.DOWNLOADED, now);
    }

    private PullResult stale(ImageReference image, RepositoryName local, RegistryUnavailableException cause,
            TransferListener listener) throws SyncFailure {
        Optional<Descriptor> stored;
        try {
            stored = image.tag() != null ? registries.layerStore().checkManifest(local, image.tag())
                    : registries.layerStore().checkManifest(local, image.digest());
        } catch (RegistryException e) {
            throw new SyncFailure(SyncFailure.Reason.UNAVAILABLE, image.familiar() + ": " + cause.getMessage()
                    + "; the layer-store cannot be asked for a mirrored copy either: " + e.getMessage(), e);
        }
        if (stored.isEmpty()) {
            throw new SyncFailure(SyncFailure.Reason.NOT_FOUND, image.familiar()
                    + ": not found upstream and not mirrored (" + cause.getMessage() + ")", cause);
        }
        Instant since = state.lastMirrored(image).map(MirroredTag::syncedAt).orElse(null);
        listener.warning("upstream " + image.registry() + " is unavailable (" + cause.getMessage() + "); using "
                + image.familiar() + " as mirrored " + (since == null ? "earlier" : "at " + since)
                + ": the content may be stale");
        listener.status("Digest: " + stored.get().digest());
        return new PullResult(image, local, stored.get().digest(), PullResult.Outcome.STALE, since);
    }
}
