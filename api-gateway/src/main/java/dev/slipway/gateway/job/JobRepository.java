package dev.slipway.gateway.job;

import dev.slipway.common.job.JobKind;
import dev.slipway.common.job.JobState;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Queries over jobs. */
@ApplicationScoped
class JobRepository implements PanacheRepositoryBase<Job, UUID> {

    /** @return the job, its row locked until the transaction ends (every state change goes through this) */
    Optional<Job> lock(UUID id) {
        return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
    }

    PanacheQuery<Job> search(String owner, JobState state, JobKind kind) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters params = new Parameters();
        if (owner != null) {
            query.append(" and owner = :owner");
            params.and("owner", owner);
        }
        if (state != null) {
            query.append(" and state = :state");
            params.and("state", state);
        }
        if (kind != null) {
            query.append(" and kind = :kind");
            params.and("kind", kind);
        }
        return find(query.toString(), Sort.descending("createdAt").and("id"), params);
    }

    /** @return ids of RUNNING jobs whose last sign of life is older than {@code silentSince} */
    List<UUID> silentRunning(Instant silentSince) {
        return getEntityManager()
                .createQuery("select j.id from Job j where j.state = :state and j.heartbeatAt < :since", UUID.class)
                .setParameter("state", JobState.RUNNING)
                .setParameter("since", silentSince)
                .setMaxResults(500)
                .getResultList();
    }

    /** @return ids of QUEUED jobs past their expiry */
    List<UUID> expiredQueued(Instant now) {
        return getEntityManager()
                .createQuery("select j.id from Job j where j.state = :state and j.expiresAt < :now", UUID.class)
                .setParameter("state", JobState.QUEUED)
                .setParameter("now", now)
                .setMaxResults(500)
                .getResultList();
    }

    /** @return how many active (QUEUED or RUNNING) jobs read or write the image */
    long activeUsing(String reference) {
        Object count = getEntityManager().createNativeQuery(
                        "select count(*) from jobs where state in ('QUEUED', 'RUNNING') and images @> array[cast(?1 as text)]")
                .setParameter(1, reference)
                .getSingleResult();
        return ((Number) count).longValue();
    }

    /** @return job counts per state, for metrics */
    List<Object[]> countByState() {
        return getEntityManager()
                .createQuery("select j.state, count(j) from Job j group by j.state", Object[].class)
                .getResultList();
    }
}
