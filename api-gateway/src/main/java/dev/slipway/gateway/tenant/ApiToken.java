package dev.slipway.gateway.tenant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;

/** A bearer token of a user, kept only as the SHA-256 hex of the token. */
@Entity
@Table(name = "api_tokens")
class ApiToken {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @ManyToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "user_id")
    User user;

    @Column(name = "token_hash", nullable = false, unique = true, length = 64)
    String tokenHash;

    @Column
    String description;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    protected ApiToken() {
    }

    ApiToken(User user, String tokenHash, String description, Instant createdAt) {
        this.user = user;
        this.tokenHash = tokenHash;
        this.description = description;
        this.createdAt = createdAt;
    }
}
