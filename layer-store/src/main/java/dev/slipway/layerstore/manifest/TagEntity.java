package dev.slipway.layerstore.manifest;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of {@code tags}: a name pointing at a manifest of the same repository. */
@Entity
@Table(name = "tags")
public class TagEntity extends PanacheEntityBase {

    /** Surrogate key. */
    @Id
    public Long id;

    /** Repository name. */
    public String repository;

    /** Tag name. */
    public String name;

    /** The manifest it points at. */
    @Column(name = "manifest_id")
    public long manifestId;

    /** When it last moved. */
    @Column(name = "updated_at")
    public Instant updatedAt;
}
