package dev.slipway.gateway.tenant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A tenant: its name is its namespace. */
@Entity
@Table(name = "users")
class User {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @Column(nullable = false, unique = true)
    String name;

    @Column(nullable = false)
    boolean admin;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    protected User() {
    }

    User(UserName name, boolean admin, Instant createdAt) {
        this.name = name.value();
        this.admin = admin;
        this.createdAt = createdAt;
    }
}
