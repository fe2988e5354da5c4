package dev.slipway.layerstore.cache;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of {@code cache_entries}. */
@Entity
@Table(name = "cache_entries")
public class CacheEntryEntity extends PanacheEntityBase {

    /** Cache key. */
    @Id
    public String key;

    /** Layer media type. */
    @Column(name = "layer_media_type")
    public String layerMediaType;

    /** Layer blob digest. */
    @Column(name = "layer_digest")
    public String layerDigest;

    /** Layer blob size. */
    @Column(name = "layer_size")
    public long layerSize;

    /** Uncompressed layer digest. */
    @Column(name = "diff_id")
    public String diffId;

    /** Config change as JSON text. */
    @Column(name = "config_change")
    public String configChange;

    /** Creation time. */
    @Column(name = "created_at")
    public Instant createdAt;

    /** Last hit or write: the LRU order. */
    @Column(name = "last_used_at")
    public Instant lastUsedAt;
}
