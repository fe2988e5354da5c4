package dev.slipway.sync.push;

import dev.slipway.common.oci.ImageReference;
import dev.slipway.common.oci.Manifest;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.common.oci.Tag;
import dev.slipway.registry.client.RegistryClient;
import dev.slipway.registry.client.RegistryException;
import dev.slipway.registry.client.RegistryNotFoundException;
import dev.slipway.registry.client.RegistryUnauthorizedException;
import dev.slipway.registry.client.RegistryUnavailableException;
import dev.slipway.sync.transfer.ImageTransfer;
import dev.slipway.sync.transfer.SyncFailure;
import dev.slipway.sync.transfer.TransferListener;
import dev.slipway.sync.upstream.LocalNames;
import dev.slipway.sync.upstream.Registries;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies images from the layer-store to the upstream registry their name points at. With no tag named, every tag of
 * the repository is pushed, as {@code docker push ouruser/sinatra} does.
 */
@ApplicationScoped
public class PushService {

    private final Registries registries;
    private final ImageTransfer transfer;

    PushService(Registries registries, ImageTransfer transfer) {
        this.registries = registries;
        this.transfer = transfer;
    }

    /**
     * Pushes the named tag, or every tag when {@code allTags}.
     *
     * @param listener per-layer progress and a status line per tag
     */
    public List<PushResult> push(ImageReference image, boolean allTags, TransferListener listener) throws SyncFailure {
        RepositoryName local = LocalNames.repository(image);
        if (!allTags && image.tag() == null) {
            throw new SyncFailure(SyncFailure.Reason.INVALID, image.familiarName()
                    + ": a push needs a tag (or none at all, for every tag), not only a digest", null);
        }
        RegistryClient store = registries.layerStore();
        RegistryClient upstream;
        try {
            upstream = registries.upstream(image);
        } catch (IllegalArgumentException e) {
            throw new SyncFailure(SyncFailure.Reason.INVALID, image.familiarName() + ": " + e.getMessage(), e);
        }
        try {
            List<Tag> tags = allTags ? store.listTags(local) : List.of(image.tag());
            if (tags.isEmpty()) {
                throw new SyncFailure(SyncFailure.Reason.NOT_FOUND,
                        "An image does not exist locally with the repository name: " + image.familiarName(), null);
            }
            List<PushResult> results = new ArrayList<>();
            for (Tag tag : tags) {
                Manifest top = store.pullManifest(local, tag);
                transfer.copy(new ImageTransfer.Endpoint(store, local), top,
                        new ImageTransfer.Endpoint(upstream, image.repository()), p -> true, listener);
                upstream.pushManifest(image.repository(), tag, top);
                listener.status(tag + ": digest: " + top.digest() + " size: " + top.size());
                results.add(new PushResult(image.withTag(tag), top.digest(), top.size()));
            }
            return results;
        } catch (RegistryNotFoundException e) {
            throw new SyncFailure(SyncFailure.Reason.NOT_FOUND,
                    "An image does not exist locally with the tag: " + image.familiar() + " (" + e.getMessage() + ")", e);
        } catch (RegistryUnauthorizedException e) {
            throw new SyncFailure(SyncFailure.Reason.UNAUTHORIZED, image.familiarName() + ": " + e.getMessage(), e);
        } catch (RegistryUnavailableException e) {
            throw new SyncFailure(SyncFailure.Reason.UNAVAILABLE, image.familiarName() + ": " + e.getMessage(), e);
        } catch (RegistryException e) {
            throw new SyncFailure(SyncFailure.Reason.INVALID, image.familiarName() + ": " + e.getMessage(), e);
        }
    }
}
