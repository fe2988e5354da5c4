package dev.slipway.gateway.job;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Queries over the event log. */
@ApplicationScoped
class JobEventRepository implements PanacheRepository<JobEventRecord> {

    List<JobEventRecord> after(UUID jobId, long afterSeq, int limit) {
        return find("jobId = :job and seq > :after", Sort.ascending("seq"),
                Parameters.with("job", jobId).and("after", afterSeq))
                .page(0, limit)
                .list();
    }

    List<JobEventRecord> between(UUID jobId, long afterSeq, long beforeSeq) {
        return find("jobId = :job and seq > :after and seq < :before", Sort.ascending("seq"),
                Parameters.with("job", jobId).and("after", afterSeq).and("before", beforeSeq))
                .list();
    }

    /**
     * @return the producer sequences of (job, attempt) already recorded between {@code from} and {@code to} (both
     *         included): one statement of one shape whatever the batch, where an IN list would be a new statement to
     *         parse and plan for every batch size
     */
    Set<Long> seen(UUID jobId, int attempt, long from, long to) {
        return new HashSet<>(getEntityManager().createQuery("select e.producerSeq from JobEventRecord e "
                        + "where e.jobId = :job and e.attempt = :attempt and e.producerSeq between :from and :to",
                        Long.class)
                .setParameter("job", jobId)
                .setParameter("attempt", attempt)
                .setParameter("from", from)
                .setParameter("to", to)
                .getResultList());
    }

    List<JobEventRecord> ofType(UUID jobId, String type) {
        return find("jobId = ?1 and type = ?2", Sort.ascending("seq"), jobId, type).list();
    }
}
