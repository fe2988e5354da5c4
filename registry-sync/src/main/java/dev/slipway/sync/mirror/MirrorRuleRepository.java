package dev.slipway.sync.mirror;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Queries on {@code sync.mirror_rule}. */
@ApplicationScoped
class MirrorRuleRepository implements PanacheRepositoryBase<MirrorRuleEntity, UUID> {

    List<MirrorRuleEntity> due(Instant now) {
        return list("nextRunAt <= ?1 order by nextRunAt", now);
    }

    /**
     * Moves a rule's next run forward only if nobody else did since it was read: with several registry-sync
     * instances, exactly one of them runs a due rule.
     */
    boolean claim(UUID id, Instant seenNextRun, Instant nextRun) {
        return update("nextRunAt = ?1 where id = ?2 and nextRunAt = ?3", nextRun, id, seenNextRun) == 1;
    }

    boolean exists(String registry, String repository, String tagPattern) {
        return count("registry = ?1 and repository = ?2 and tagPattern = ?3", registry, repository, tagPattern) > 0;
    }
}
