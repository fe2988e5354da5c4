package dev.slipway.gateway.tenant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A repository anyone may pull, even anonymously; a repository without a row is private to its namespace's rules. */
@Entity
@Table(name = "public_repositories")
class PublicRepository {

    @Id
    String name;

    @Column(name = "changed_by", nullable = false)
    String changedBy;

    @Column(name = "changed_at", nullable = false)
    Instant changedAt;

    protected PublicRepository() {
    }

    PublicRepository(String name, String changedBy, Instant changedAt) {
        this.name = name;
        this.changedBy = changedBy;
        this.changedAt = changedAt;
    }
}
