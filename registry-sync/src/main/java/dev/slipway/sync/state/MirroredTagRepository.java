package dev.slipway.sync.state;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;

/** Queries on {@code sync.mirrored_tag}. */
@ApplicationScoped
class MirroredTagRepository implements PanacheRepository<MirroredTagEntity> {

    /** Insert or update in one statement, so concurrent pulls of one tag cannot collide on the unique key. */
    void upsert(String registry, String repository, String tag, String upstreamDigest, String storedDigest,
            Instant at) {
        getEntityManager().createNativeQuery("""
                insert into mirrored_tag (registry, repository, tag, upstream_digest, stored_digest, synced_at)
                values (?1, ?2, ?3, ?4, ?5, ?6)
                on conflict (registry, repository, tag) do update
                set upstream_digest = excluded.upstream_digest, stored_digest = excluded.stored_digest,
                    synced_at = excluded.synced_at
                """)
                .setParameter(1, registry).setParameter(2, repository).setParameter(3, tag)
                .setParameter(4, upstreamDigest).setParameter(5, storedDigest).setParameter(6, at)
                .executeUpdate();
    }

    Optional<MirroredTagEntity> find(String registry, String repository, String tag) {
        return find("registry = ?1 and repository = ?2 and tag = ?3", registry, repository, tag)
                .firstResultOptional();
    }
}
