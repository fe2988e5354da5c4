package dev.slipway.layerstore.lease;

import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.InvalidDigestException;
import dev.slipway.layerstore.error.ApiProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Leases: a running job keeps blobs (its build context, base layers, container layers pending a commit) from garbage
 * collection by holding a lease and renewing it; a lease that is not renewed lapses and frees them.
 */
@ApplicationScoped
@Transactional
public class Leases {

    /** Longest lease a single create or renew grants. */
    static final Duration MAX_TTL = Duration.ofDays(7);

    private final EntityManager entityManager;

    Leases(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * @param request owner, ttl and blobs
     * @return the new lease
     */
    public LeaseView create(LeaseRequest request) {
        if (request.owner() == null || request.owner().isBlank() || request.owner().length() > 200) {
            throw new ApiProblemException(400, "INVALID_LEASE", "owner is required (at most 200 characters)");
        }
        List<Digest> digests = digests(request.blobs());
        LeaseEntity lease = new LeaseEntity();
        lease.id = UUID.randomUUID();
        lease.owner = request.owner();
        lease.createdAt = Instant.now();
        lease.expiresAt = lease.createdAt.plus(ttl(request.ttlSeconds()));
        lease.persist();
        add(lease.id, digests);
        return view(lease);
    }

    /**
     * Extends a lease from now, adding blobs.
     *
     * @param id      the lease
     * @param request ttl and blobs to add
     * @return the renewed lease
     */
    public LeaseView renew(UUID id, LeaseRequest request) {
        LeaseEntity lease = live(id);
        List<Digest> digests = digests(request.blobs());
        lease.expiresAt = Instant.now().plus(ttl(request.ttlSeconds()));
        add(id, digests);
        return view(lease);
    }

    /**
     * @param id the lease
     * @return it
     */
    public LeaseView get(UUID id) {
        return view(live(id));
    }

    /** @param id the lease to release; its blobs become collectable (unless something else holds them) */
    public void release(UUID id) {
        if (!LeaseEntity.deleteById(id)) {
            throw notFound(id);
        }
    }

    private LeaseEntity live(UUID id) {
        LeaseEntity lease = LeaseEntity.findById(id);
        if (lease == null || !lease.expiresAt.isAfter(Instant.now())) {
            throw notFound(id);
        }
        return lease;
    }

    private void add(UUID id, List<Digest> digests) {
        for (Digest digest : digests) {
            entityManager.createNativeQuery(
                    "INSERT INTO lease_blobs(lease_id, digest) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
                    .setParameter(1, id)
                    .setParameter(2, digest.toString())
                    .executeUpdate();
        }
    }

    private LeaseView view(LeaseEntity lease) {
        @SuppressWarnings("unchecked")
        List<String> blobs = entityManager
                .createNativeQuery("SELECT digest FROM lease_blobs WHERE lease_id = ?1 ORDER BY digest")
                .setParameter(1, lease.id)
                .getResultList();
        return new LeaseView(lease.id, lease.owner, lease.expiresAt, blobs);
    }

    private static Duration ttl(Long seconds) {
        if (seconds == null || seconds <= 0 || seconds > MAX_TTL.toSeconds()) {
            throw new ApiProblemException(400, "INVALID_LEASE",
                    "ttlSeconds must be between 1 and " + MAX_TTL.toSeconds());
        }
        return Duration.ofSeconds(seconds);
    }

    private static List<Digest> digests(List<String> raw) {
        List<Digest> digests = new ArrayList<>(raw.size());
        for (String digest : raw) {
            try {
                digests.add(Digest.parse(digest));
            } catch (InvalidDigestException e) {
                throw new ApiProblemException(400, "INVALID_DIGEST", e.getMessage());
            }
        }
        return digests;
    }

    private static ApiProblemException notFound(UUID id) {
        return new ApiProblemException(404, "LEASE_NOT_FOUND", "lease " + id + " does not exist or has expired");
    }
}
