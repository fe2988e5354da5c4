package dev.slipway.sync.mirror;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Row of {@code sync.mirror_rule}. */
@Entity
@Table(name = "mirror_rule")
class MirrorRuleEntity {

    @Id
    UUID id;

    @Column(nullable = false)
    String registry;

    @Column(nullable = false)
    String repository;

    @Column(name = "tag_pattern", nullable = false)
    String tagPattern;

    @Column(name = "interval_seconds", nullable = false)
    long intervalSeconds;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "next_run_at", nullable = false)
    Instant nextRunAt;

    @Column(name = "last_run_at")
    Instant lastRunAt;

    @Column(name = "last_error")
    String lastError;
}
