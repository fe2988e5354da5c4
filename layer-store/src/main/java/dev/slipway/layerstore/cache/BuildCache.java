package dev.slipway.layerstore.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.InvalidDigestException;
import dev.slipway.common.oci.MediaType;
import dev.slipway.layerstore.config.LayerStoreConfig;
import dev.slipway.layerstore.error.ApiProblemException;
import dev.slipway.layerstore.repository.Repositories;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The cluster-wide build cache: cache key → layer, shared by every build worker. Bounded in entries and in layer
 * bytes; beyond either bound the least recently used entries are evicted, and the garbage collector can then free
 * their layers.
 */
@ApplicationScoped
@Transactional
public class BuildCache {

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,254}");

    private final EntityManager entityManager;
    private final Repositories repositories;
    private final ObjectMapper json;
    private final LayerStoreConfig.Cache limits;

    BuildCache(EntityManager entityManager, Repositories repositories, ObjectMapper json, LayerStoreConfig config) {
        this.entityManager = entityManager;
        this.repositories = repositories;
        this.json = json;
        this.limits = config.cache();
    }

    /**
     * Looks up a key and marks it used.
     *
     * @param key cache key
     * @return the entry, or empty on a miss (also when its layer is gone)
     */
    public Optional<CacheEntry> get(String key) {
        CacheEntryEntity entity = CacheEntryEntity.findById(validKey(key));
        if (entity == null) {
            return Optional.empty();
        }
        if (repositories.linkedAnywhere(Digest.parse(entity.layerDigest)).isEmpty()) {
            entity.delete(); // the layer was deleted from every repository: a stale entry is a miss
            return Optional.empty();
        }
        entity.lastUsedAt = Instant.now();
        try {
            return Optional.of(new CacheEntry(
                    new CacheEntry.Layer(entity.layerMediaType, entity.layerDigest, entity.layerSize), entity.diffId,
                    entity.configChange == null ? null : json.readTree(entity.configChange)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored config change is JSON written by put", e);
        }
    }

    /**
     * Stores (or replaces) an entry, then evicts beyond the bounds.
     *
     * @param key   cache key
     * @param entry the entry; its layer must be stored in some repository
     * @return whether the key was new
     */
    public boolean put(String key, CacheEntry entry) {
        String valid = validKey(key);
        if (entry == null || entry.layer() == null) {
            throw new ApiProblemException(400, "INVALID_CACHE_ENTRY", "an entry needs a layer descriptor");
        }
        Digest layer = digest(entry.layer().digest(), "layer.digest");
        digest(entry.diffId(), "diffId");
        try {
            MediaType.parse(entry.layer().mediaType());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ApiProblemException(400, "INVALID_CACHE_ENTRY", "layer.mediaType is not a media type");
        }
        long size = repositories.linkedAnywhere(layer)
                .orElseThrow(() -> new ApiProblemException(409, "LAYER_UNKNOWN",
                        "layer " + layer + " is not stored; push it before caching it"))
                .size();
        if (size != entry.layer().size()) {
            throw new ApiProblemException(400, "INVALID_CACHE_ENTRY",
                    "layer.size is " + entry.layer().size() + " but the stored layer has " + size + " bytes");
        }
        // One statement, so two workers storing the same step at once both succeed (the later one wins).
        boolean created = (Boolean) entityManager.createNativeQuery("""
                INSERT INTO cache_entries (key, layer_media_type, layer_digest, layer_size, diff_id, config_change,
                                           created_at, last_used_at)
                VALUES (?1, ?2, ?3, ?4, ?5, CAST(?6 AS text), now(), now())
                ON CONFLICT (key) DO UPDATE SET layer_media_type = EXCLUDED.layer_media_type,
                    layer_digest = EXCLUDED.layer_digest, layer_size = EXCLUDED.layer_size,
                    diff_id = EXCLUDED.diff_id, config_change = EXCLUDED.config_change, last_used_at = now()
                RETURNING (xmax = 0)
                """)
                .setParameter(1, valid)
                .setParameter(2, entry.layer().mediaType())
                .setParameter(3, layer.toString())
                .setParameter(4, size)
                .setParameter(5, entry.diffId())
                .setParameter(6, entry.configChange() == null || entry.configChange().isNull()
                        ? null : entry.configChange().toString())
                .getSingleResult();
        entityManager.flush();
        evict();
        return created;
    }

    /**
     * @param key cache key
     * @return whether it existed
     */
    public boolean delete(String key) {
        return CacheEntryEntity.deleteById(validKey(key));
    }

    /** Drops least recently used entries beyond {@code maxEntries} or {@code maxBytes} of layers. */
    private void evict() {
        // The ranking sorts the whole cache; the first condition (a count and a sum, evaluated once) skips it while
        // the cache is within its bounds, which is almost every time (5x less PostgreSQL time at 3000 entries).
        entityManager.createNativeQuery("""
                DELETE FROM cache_entries
                WHERE (SELECT count(*) > ?1 OR coalesce(sum(layer_size), 0) > ?2 FROM cache_entries)
                  AND key IN (
                    SELECT key FROM (
                      SELECT key,
                             row_number() OVER (ORDER BY last_used_at DESC, key) AS position,
                             sum(layer_size) OVER (ORDER BY last_used_at DESC, key) AS total
                      FROM cache_entries) ranked
                    WHERE position > ?1 OR total > ?2)""")
                .setParameter(1, limits.maxEntries())
                .setParameter(2, limits.maxBytes())
                .executeUpdate();
    }

    private static String validKey(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new ApiProblemException(400, "INVALID_CACHE_KEY",
                    "a cache key is 1-255 characters of letters, digits, '.', '_', ':' and '-'");
        }
        return key;
    }

    private static Digest digest(String raw, String field) {
        try {
            return Digest.parse(raw);
        } catch (InvalidDigestException | NullPointerException e) {
            throw new ApiProblemException(400, "INVALID_CACHE_ENTRY", field + " is not a digest: " + raw);
        }
    }
}
