package dev.slipway.sync.state;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of {@code sync.mirrored_tag}. */
@Entity
@Table(name = "mirrored_tag")
class MirroredTagEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @Column(nullable = false)
    String registry;

    @Column(nullable = false)
    String repository;

    @Column(nullable = false)
    String tag;

    @Column(name = "upstream_digest", nullable = false)
    String upstreamDigest;

    @Column(name = "stored_digest", nullable = false)
    String storedDigest;

    @Column(name = "synced_at", nullable = false)
    Instant syncedAt;
}
