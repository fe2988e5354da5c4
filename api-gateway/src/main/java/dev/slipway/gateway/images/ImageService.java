package dev.slipway.gateway.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.ImageReference;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.common.oci.Tag;
import dev.slipway.gateway.error.ApiException;
import dev.slipway.gateway.error.ErrorCode;
import dev.slipway.gateway.job.JobService;
import dev.slipway.gateway.job.JobSubmissions;
import dev.slipway.gateway.registry.LayerStore;
import dev.slipway.gateway.registry.LayerStoreException;
import dev.slipway.gateway.tenant.Caller;
import dev.slipway.gateway.tenant.NamespacePolicy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code docker images}, {@code docker tag} and {@code docker rmi} on behalf of a user, against the layer-store,
 * with the tenant rules applied.
 */
@ApplicationScoped
public class ImageService {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INTERNAL_NAMESPACE = "slipway-internal/";

    private final LayerStore layerStore;
    private final NamespacePolicy policy;
    private final JobService jobs;

    ImageService(LayerStore layerStore, NamespacePolicy policy, JobService jobs) {
        this.layerStore = layerStore;
        this.policy = policy;
        this.jobs = jobs;
    }

    /**
     * @param reference {@code docker images REPOSITORY[:TAG]} filter, or null
     * @return the images the caller may see
     */
    public ArrayNode list(Caller caller, String reference) {
        String repositoryFilter = null;
        String tagFilter = null;
        if (reference != null && !reference.isBlank()) {
            ImageReference image = JobSubmissions.reference(reference);
            repositoryFilter = image.repository().value();
            boolean tagGiven = reference.lastIndexOf(':') > reference.lastIndexOf('/');
            tagFilter = tagGiven && image.tag() != null ? image.tag().value() : null;
        }
        ArrayNode visible = JSON.createArrayNode();
        for (JsonNode row : layerStore.images(repositoryFilter)) {
            String repository = row.path("repository").asText();
            boolean wanted = tagFilter == null || tagFilter.equals(row.path("tag").asText());
            if (wanted && !repository.startsWith(INTERNAL_NAMESPACE) && policy.canRead(caller, repository)) {
                visible.add(row);
            }
        }
        return visible;
    }

    /**
     * {@code docker tag SOURCE TARGET}: the target gets the source's manifest (blobs mounted across repositories).
     *
     * @return the result
     */
    public TagResult tag(Caller caller, String source, String target) {
        ImageReference from = JobSubmissions.reference(source);
        ImageReference to = JobSubmissions.reference(target);
        if (to.digest() != null || to.tag() == null) {
            throw new ApiException(ErrorCode.INVALID_REFERENCE, "invalid reference \"" + target
                    + "\": the target of a tag must be repository:tag");
        }
        policy.requireRead(caller, from.repository());
        policy.requireWrite(caller, to.repository());
        LayerStore.RawManifest manifest = layerStore.manifest(from.repository(), from.manifestReference())
                .orElseThrow(() -> new ApiException(ErrorCode.IMAGE_NOT_FOUND, "no such image: " + from.familiar()));
        if (!from.repository().equals(to.repository())) {
            copyReferences(manifest, from.repository(), to.repository());
        }
        layerStore.putManifest(to.repository(), to.tag(), manifest);
        return new TagResult(from.familiar(), to.familiar(), manifest.digest().toString());
    }

    private void copyReferences(LayerStore.RawManifest manifest, RepositoryName from, RepositoryName to) {
        JsonNode root = tree(manifest.bytes());
        List<Digest> blobs = new ArrayList<>();
        if (root.hasNonNull("config")) {
            blobs.add(Digest.parse(root.path("config").path("digest").asText()));
        }
        root.path("layers").forEach(layer -> blobs.add(Digest.parse(layer.path("digest").asText())));
        for (Digest blob : blobs) {
            if (!layerStore.mountBlob(to, from, blob)) {
                throw new LayerStoreException("could not mount " + blob + " from " + from + " into " + to, null);
            }
        }
        // an index: each child manifest must exist in the target too
        for (JsonNode child : root.path("manifests")) {
            String digest = child.path("digest").asText();
            LayerStore.RawManifest childManifest = layerStore.manifest(from, digest)
                    .orElseThrow(() -> new LayerStoreException("index child " + digest + " missing in " + from, null));
            copyReferences(childManifest, from, to);
            layerStore.putManifest(to, childManifest);
        }
    }

    /**
     * {@code docker rmi}: removes the tag; deletes the image when no tag of the repository points to it any more.
     *
     * @param force remove even while a QUEUED or RUNNING job uses it
     * @return what docker prints: Untagged and Deleted lines
     */
    public RemoveResult remove(Caller caller, String reference, boolean force) {
        ImageReference image = JobSubmissions.reference(reference);
        policy.requireWrite(caller, image.repository());
        LayerStore.RawManifest manifest = layerStore.manifest(image.repository(), image.manifestReference())
                .orElseThrow(() -> new ApiException(ErrorCode.IMAGE_NOT_FOUND, "no such image: " + image.familiar()));
        if (!force && jobs.inUse(List.of(JobSubmissions.local(image), image.repository().value()))) {
            throw new ApiException(ErrorCode.IMAGE_IN_USE, "image " + image.familiar()
                    + " is used by a queued or running job; wait for it, cancel it, or pass force=true");
        }
        List<String> untagged = new ArrayList<>();
        List<Tag> remaining = new ArrayList<>();
        for (Tag tag : layerStore.tags(image.repository())) {
            boolean same = layerStore.manifest(image.repository(), tag.value())
                    .map(m -> m.digest().equals(manifest.digest())).orElse(false);
            boolean named = image.digest() != null || tag.equals(image.tag());
            if (same && named) {
                layerStore.deleteTag(image.repository(), tag);
                untagged.add(image.withTag(tag).familiar());
            } else if (same) {
                remaining.add(tag);
            }
        }
        List<String> deleted = new ArrayList<>();
        if (remaining.isEmpty()) {
            layerStore.deleteManifest(image.repository(), manifest.digest());
            untagged.add(image.familiarName() + "@" + manifest.digest());
            deleted.add(imageId(manifest));
        }
        return new RemoveResult(untagged, deleted);
    }

    /**
     * {@code docker inspect IMAGE}: the manifest and the image config. For an index, the linux/amd64 image (else the
     * first) is described, as docker does for the platform it runs on.
     *
     * @return the manifest digest, the manifest and the config as JSON
     */
    public ImageDetail inspect(Caller caller, String reference) {
        ImageReference image = JobSubmissions.reference(reference);
        policy.requireRead(caller, image.repository());
        LayerStore.RawManifest manifest = layerStore.manifest(image.repository(), image.manifestReference())
                .orElseThrow(() -> new ApiException(ErrorCode.IMAGE_NOT_FOUND, "no such image: " + image.familiar()));
        JsonNode root = tree(manifest.bytes());
        if (root.has("manifests")) {
            JsonNode chosen = null;
            for (JsonNode child : root.path("manifests")) {
                JsonNode platform = child.path("platform");
                if (chosen == null || ("linux".equals(platform.path("os").asText())
                        && "amd64".equals(platform.path("architecture").asText()))) {
                    chosen = child;
                }
            }
            if (chosen == null) {
                throw new ApiException(ErrorCode.IMAGE_NOT_FOUND, "image " + image.familiar() + " is an empty index");
            }
            String child = chosen.path("digest").asText();
            manifest = layerStore.manifest(image.repository(), child)
                    .orElseThrow(() -> new LayerStoreException("index child " + child + " missing", null));
            root = tree(manifest.bytes());
        }
        Digest configDigest = Digest.parse(root.path("config").path("digest").asText());
        byte[] config = layerStore.smallBlob(image.repository(), configDigest)
                .orElseThrow(() -> new LayerStoreException("config " + configDigest + " of " + image.familiar()
                        + " is missing in the layer-store", null));
        return new ImageDetail(manifest.digest().toString(), root, tree(config));
    }

    /**
     * Answer of {@code GET /api/v1/images/{ref}/json}.
     *
     * @param digest   the manifest digest (of the platform image, for an index)
     * @param manifest the image manifest
     * @param config   the image config
     */
    public record ImageDetail(String digest, JsonNode manifest, JsonNode config) {
    }

    private static String imageId(LayerStore.RawManifest manifest) {
        JsonNode config = tree(manifest.bytes()).path("config").path("digest");
        return config.isTextual() ? config.asText() : manifest.digest().toString();
    }

    private static JsonNode tree(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new LayerStoreException("the layer-store returned a manifest or config that is not JSON", e);
        }
    }

    /**
     * Answer of {@code POST /api/v1/images/{ref}/tag}.
     *
     * @param source the tagged image
     * @param target the new name
     * @param digest the manifest digest both names now point to
     */
    public record TagResult(String source, String target, String digest) {
    }

    /**
     * Answer of {@code DELETE /api/v1/images/{ref}}, the lists {@code docker rmi} prints.
     *
     * @param untagged names removed
     * @param deleted  image ids deleted
     */
    public record RemoveResult(List<String> untagged, List<String> deleted) {
        /** Defensive copies. */
        public RemoveResult {
            untagged = List.copyOf(untagged);
            deleted = List.copyOf(deleted);
        }
    }
}
