package dev.slipway.sync.transfer;

import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.RepositoryName;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Remembers a repository that holds each blob, per registry, so that a later copy of the same blob into another
 * repository of that registry can be a cross-repository mount. A bounded cache: forgetting only costs a transfer.
 */
@ApplicationScoped
public class BlobLocations {

    private static final int CAPACITY = 100_000;

    private record Key(String registry, Digest digest) { }

    private final Map<Key, RepositoryName> known = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, RepositoryName> eldest) {
            return size() > CAPACITY;
        }
    };

    /** Records that {@code repository} of {@code registry} holds the blob. */
    public synchronized void record(String registry, Digest digest, RepositoryName repository) {
        known.put(new Key(registry, digest), repository);
    }

    /** A repository of {@code registry} known to hold the blob. */
    public synchronized Optional<RepositoryName> find(String registry, Digest digest) {
        return Optional.ofNullable(known.get(new Key(registry, digest)));
    }
}
