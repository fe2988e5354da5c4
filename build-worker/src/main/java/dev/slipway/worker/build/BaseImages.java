package dev.slipway.worker.build;

import dev.slipway.common.oci.Descriptor;
import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.ImageConfig;
import dev.slipway.common.oci.ImageIndex;
import dev.slipway.common.oci.ImageManifest;
import dev.slipway.common.oci.ImageReference;
import dev.slipway.common.oci.Manifest;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.worker.registry.LayerStore;
import dev.slipway.worker.sync.PullThrough;
import dev.slipway.worker.sync.PullThroughException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Resolves a FROM (or {@code COPY --from=image}, {@code RUN --mount=from=image}) reference against the layer-store:
 * manifest (the linux/amd64 entry of an index), config and layers. When the layer-store lacks the image, registry-sync
 * is asked to pull it through and the image is then read where registry-sync put it.
 *
 * <p>The layer-store names images the way registry-sync mirrors them: Docker Hub images by their Hub path
 * ({@code busybox} and {@code docker.io/library/busybox} are both {@code library/busybox}), images of the layer-store
 * itself by their path, and images of any other registry under {@code host/path} with a port's colon written as
 * {@code _} ({@code quay.io/coreos/etcd}, {@code 127.0.0.1_5001/team/app}).
 */
final class BaseImages {

    /**
     * A resolved image.
     *
     * @param repository the layer-store repository it was read from
     */
    record Image(ImageReference reference, RepositoryName repository, Digest manifestDigest, ImageConfig config,
                 List<LayerRef> layers) {
    }

    /** Neither the layer-store nor registry-sync has the image; the message is the reason. */
    static final class NotFoundException extends Exception {
        private static final long serialVersionUID = 1L;

        NotFoundException(String reason) {
            super(reason);
        }
    }

    /** Configs read lately, by digest: content-addressed, so a repeated FROM costs one manifest request. */
    private static final int CONFIGS_KEPT = 64;

    private final LayerStore registry;
    private final PullThrough pullThrough;
    private final Map<Digest, ImageConfig> configs = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Digest, ImageConfig> eldest) {
                    return size() > CONFIGS_KEPT;
                }
            });

    BaseImages(LayerStore registry, PullThrough pullThrough) {
        this.registry = registry;
        this.pullThrough = pullThrough;
    }

    /**
     * The image from the layer-store, pulled through registry-sync first when the layer-store lacks it.
     *
     * @throws NotFoundException when registry-sync is unreachable, does not find it or fails
     */
    Image require(ImageReference ref) throws NotFoundException, IOException {
        Optional<Image> local = resolve(ref);
        if (local.isPresent()) {
            return local.get();
        }
        PullThrough.Ensured ensured;
        try {
            ensured = pullThrough.ensure(ref);
        } catch (PullThroughException e) {
            throw new NotFoundException(e.getMessage());
        }
        return read(ref, ensured.repository(), ensured.digest().toString()).orElseThrow(() -> new NotFoundException(
                "registry-sync reported it as " + ensured.repository() + "@" + ensured.digest()
                        + " but the layer-store does not have it"));
    }

    /** The image, or empty when the layer-store does not have it (no pull-through). */
    Optional<Image> resolve(ImageReference ref) throws IOException {
        String reference = ref.digest() != null ? ref.digest().toString() : (ref.tag() != null ? ref.tag().value() : "latest");
        return read(ref, localRepository(ref), reference);
    }

    /** Where the layer-store keeps {@code ref}: see the class comment. */
    private RepositoryName localRepository(ImageReference ref) {
        if (ref.isDockerHub() || ref.registry().equalsIgnoreCase(registry.host())) {
            return ref.repository();
        }
        return RepositoryName.parse(ref.registry().toLowerCase(Locale.ROOT).replace(':', '_') + "/" + ref.repository().value());
    }

    private Optional<Image> read(ImageReference ref, RepositoryName repo, String reference) throws IOException {
        Optional<Manifest> m = registry.pullManifest(repo, reference);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        Manifest manifest = m.get();
        if (manifest instanceof ImageIndex index) {
            Descriptor chosen = null;
            for (Descriptor d : index.manifests()) {
                if (d.platform() != null && "linux".equals(d.platform().os()) && "amd64".equals(d.platform().architecture())) {
                    chosen = d;
                    break;
                }
            }
            if (chosen == null) {
                throw new IOException("image " + ref.familiar() + " has no linux/amd64 variant");
            }
            manifest = registry.pullManifest(repo, chosen.digest().toString())
                    .orElseThrow(() -> new IOException("image index of " + ref.familiar() + " names a missing manifest"));
        }
        if (!(manifest instanceof ImageManifest im)) {
            throw new IOException("image " + ref.familiar() + " is not an image manifest");
        }
        ImageConfig config = configs.get(im.config().digest());
        if (config == null) {
            config = ImageConfig.parse(registry.pullBlobBytes(repo, im.config()));
            configs.put(im.config().digest(), config);
        }
        List<Digest> diffIds = config.rootfs().diffIds();
        if (diffIds.size() != im.layers().size()) {
            throw new IOException("image " + ref.familiar() + " has " + im.layers().size() + " layers but "
                    + diffIds.size() + " diff ids");
        }
        List<LayerRef> layers = new ArrayList<>();
        for (int i = 0; i < diffIds.size(); i++) {
            layers.add(new LayerRef(im.layers().get(i), diffIds.get(i), repo));
        }
        return Optional.of(new Image(ref, repo, manifest.digest(), config, layers));
    }
}
