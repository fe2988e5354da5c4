package dev.slipway.layerstore.lease;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Row of {@code leases}. */
@Entity
@Table(name = "leases")
public class LeaseEntity extends PanacheEntityBase {

    /** Lease id. */
    @Id
    public UUID id;

    /** Holder. */
    public String owner;

    /** Creation time. */
    @Column(name = "created_at")
    public Instant createdAt;

    /** Expiry. */
    @Column(name = "expires_at")
    public Instant expiresAt;
}
