package dev.slipway.worker.build;

import dev.slipway.common.oci.Descriptor;
import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.ImageConfig;
import dev.slipway.common.oci.ImageIndex;
import dev.slipway.common.oci.ImageManifest;
import dev.slipway.common.oci.ImageReference;
import dev.slipway.common.oci.Manifest;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.worker.registry.RegistryClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Resolves a FROM (or {@code COPY --from=image}) reference against the layer-store: manifest (the linux/amd64
 * entry of an index), config and layers. The layer-store names an image by its repository path, so
 * {@code busybox} and {@code docker.io/library/busybox} are both looked up as {@code library/busybox}.
 */
final class BaseImages {

    /** A resolved image. */
    record Image(ImageReference reference, Digest manifestDigest, ImageConfig config, List<LayerRef> layers) {
    }

    private final RegistryClient registry;

    BaseImages(RegistryClient registry) {
        this.registry = registry;
    }

    /** The image, or empty when the layer-store does not have it. */
    Optional<Image> resolve(ImageReference ref) throws IOException {
        RepositoryName repo = ref.repository();
        String reference = ref.digest() != null ? ref.digest().toString() : (ref.tag() != null ? ref.tag().value() : "latest");
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
        ImageConfig config = ImageConfig.parse(registry.pullBlobBytes(repo, im.config().digest()));
        List<Digest> diffIds = config.rootfs().diffIds();
        if (diffIds.size() != im.layers().size()) {
            throw new IOException("image " + ref.familiar() + " has " + im.layers().size() + " layers but "
                    + diffIds.size() + " diff ids");
        }
        List<LayerRef> layers = new ArrayList<>();
        for (int i = 0; i < diffIds.size(); i++) {
            layers.add(new LayerRef(im.layers().get(i), diffIds.get(i), repo));
        }
        return Optional.of(new Image(ref, manifest.digest(), config, layers));
    }
}
