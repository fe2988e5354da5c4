package dev.slipway.layerstore.repository;

import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.RepositoryName;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The repository → blob links this process has seen committed, with each blob's size: what a blob {@code GET} or
 * {@code HEAD} and a manifest push would otherwise ask PostgreSQL for on every request. A digest's size never changes;
 * a link only goes away by an unlink or a garbage collection, and both go through this process (the layer-store is a
 * single replica over its storage), which {@link #forget}s what they remove once it is committed.
 *
 * <p>A reader that looked a link up in the database remembers it only if nothing was forgotten since it started
 * ({@link #epoch}): a lookup that raced with an unlink or a collection cannot bring the removed link back. A hit still
 * has to find the blob's file, so bytes a collection deleted are never served from here.
 *
 * <p>Thread-safe. Bounded: when full, it starts over empty (misses only cost the database lookup).
 */
@ApplicationScoped
public class KnownLinks {

    private static final int MAX_ENTRIES = 100_000;

    private final Map<Link, Long> sizes = new ConcurrentHashMap<>();
    private final AtomicLong epoch = new AtomicLong();

    /**
     * @param repository a repository
     * @param digest     a blob
     * @return the blob's size when the link is known
     */
    public Optional<Long> size(RepositoryName repository, Digest digest) {
        return Optional.ofNullable(sizes.get(new Link(repository, digest)));
    }

    /** @return a token to pass to {@link #remember}: take it before reading the database */
    long epoch() {
        return epoch.get();
    }

    /**
     * Records a committed link, unless something was forgotten since {@code since} was taken.
     *
     * @param repository the repository
     * @param digest     the blob
     * @param size       its size
     * @param since      {@link #epoch()} before the database said so
     */
    void remember(RepositoryName repository, Digest digest, long size, long since) {
        if (sizes.size() >= MAX_ENTRIES) {
            sizes.clear();
        }
        sizes.put(new Link(repository, digest), size);
        if (epoch.get() != since) { // a removal overlapped the lookup: it may have been about this very link
            sizes.remove(new Link(repository, digest));
        }
    }

    /**
     * Drops a link that is being removed.
     *
     * @param repository the repository
     * @param digest     the blob
     */
    void forget(RepositoryName repository, Digest digest) {
        epoch.incrementAndGet();
        sizes.remove(new Link(repository, digest));
    }

    /** Drops every link (after a garbage collection). */
    public void forgetAll() {
        epoch.incrementAndGet();
        sizes.clear();
    }

    private record Link(RepositoryName repository, Digest digest) {
    }
}
