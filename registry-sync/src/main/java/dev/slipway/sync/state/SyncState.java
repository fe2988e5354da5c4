package dev.slipway.sync.state;

import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.ImageReference;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;

/** What registry-sync remembers about mirrored tags. */
@ApplicationScoped
@Transactional
public class SyncState {

    private final MirroredTagRepository tags;

    SyncState(MirroredTagRepository tags) {
        this.tags = tags;
    }

    /** Records (or refreshes) a mirrored tag; {@code image} must carry a tag. */
    public void mirrored(ImageReference image, Digest upstreamDigest, Digest storedDigest, Instant at) {
        tags.upsert(image.registry(), image.repository().value(), image.tag().value(), upstreamDigest.toString(),
                storedDigest.toString(), at);
    }

    /** The last mirroring of a tag, if any. */
    public Optional<MirroredTag> lastMirrored(ImageReference image) {
        if (image.tag() == null) {
            return Optional.empty();
        }
        return tags.find(image.registry(), image.repository().value(), image.tag().value())
                .map(r -> new MirroredTag(image, Digest.parse(r.upstreamDigest), Digest.parse(r.storedDigest),
                        r.syncedAt));
    }
}
