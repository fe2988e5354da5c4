package dev.slipway.layerstore.upload;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Row of {@code upload_sessions}: where a resumable upload stands. Its bytes are in {@code uploads/<id>/data}. */
@Entity
@Table(name = "upload_sessions")
public class UploadSessionEntity extends PanacheEntityBase {

    /** Session id, as in the upload URL. */
    @Id
    public UUID id;

    /** Repository the blob will be linked to. */
    @Column(nullable = false)
    public String repository;

    /** Bytes accepted so far (the committed offset). */
    @Column(nullable = false)
    public long received;

    /** When the session started. */
    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    /** When a chunk last arrived. */
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
