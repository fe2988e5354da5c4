package dev.slipway.gateway.robot;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A robot account as stored; its token only as the SHA-256 hex. */
@Entity
@Table(name = "robots")
class Robot {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @Column(nullable = false, unique = true)
    String name;

    @Column(name = "token_hash", nullable = false, unique = true, length = 64)
    String tokenHash;

    @Column(nullable = false, columnDefinition = "text[]")
    String[] repositories;

    @Column(nullable = false, columnDefinition = "text[]")
    String[] actions;

    @Column(name = "expires_at")
    Instant expiresAt;

    @Column(name = "created_by")
    String createdBy;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    protected Robot() {
    }

    Robot(String name, String tokenHash, String[] repositories, String[] actions, Instant expiresAt, String createdBy,
            Instant createdAt) {
        this.name = name;
        this.tokenHash = tokenHash;
        this.repositories = repositories.clone();
        this.actions = actions.clone();
        this.expiresAt = expiresAt;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
    }
}
