package dev.slipway.sync.mirror;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A mirror rule as the API shows it.
 *
 * @param id its id
 * @param repository the upstream repository, fully qualified ({@code docker.io/library/centos})
 * @param tagPattern the regex a tag must match as a whole
 * @param interval how often the rule runs, ISO-8601 ({@code PT1H})
 * @param createdAt when it was created
 * @param nextRunAt when it runs next
 * @param lastRunAt when it last ran, or {@code null}
 * @param lastError what went wrong in the last run, or {@code null}
 */
public record MirrorRule(UUID id, String repository, String tagPattern, String interval, Instant createdAt,
        Instant nextRunAt, Instant lastRunAt, String lastError) {

    static MirrorRule of(MirrorRuleEntity e) {
        return new MirrorRule(e.id, e.registry + "/" + e.repository, e.tagPattern,
                Duration.ofSeconds(e.intervalSeconds).toString(), e.createdAt, e.nextRunAt, e.lastRunAt, e.lastError);
    }
}
