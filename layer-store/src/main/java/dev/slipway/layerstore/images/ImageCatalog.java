package dev.slipway.layerstore.images;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Read-only views for people: the {@code docker images} listing and storage statistics. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class ImageCatalog {

    private final EntityManager entityManager;

    ImageCatalog(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * @param repository only this repository, or null for all
     * @return one row per tag, by repository then tag
     */
    public List<ImageRow> images(String repository) {
        List<ImageRow> rows = new ArrayList<>();
        for (Object[] row : rows("""
                SELECT t.repository, t.name, m.id, m.digest, m.config_digest, m.created, m.layers_size,
                       m.layers_size_uncompressed
                FROM tags t JOIN manifests m ON m.id = t.manifest_id
                WHERE ?1 = '' OR t.repository = ?1
                ORDER BY t.repository, t.name""", repository == null ? "" : repository)) {
            Object[] image = row;
            if (row[4] == null) { // an index: describe its first platform's image
                List<Object[]> child = rows("""
                        SELECT NULL, NULL, NULL, NULL, c.config_digest, c.created, c.layers_size,
                               c.layers_size_uncompressed
                        FROM manifest_refs r JOIN manifests c ON c.repository = ?1 AND c.digest = r.digest
                        WHERE r.manifest_id = ?2 AND r.kind = 'MANIFEST' AND c.config_digest IS NOT NULL
                        ORDER BY r.position LIMIT 1""", row[0], ((Number) row[2]).longValue());
                if (!child.isEmpty()) {
                    image = child.get(0);
                }
            }
            rows.add(new ImageRow((String) row[0], (String) row[1], (String) image[4], (String) row[3],
                    instant(image[5]), image[6] == null ? 0 : ((Number) image[6]).longValue(),
                    Boolean.TRUE.equals(image[7]) ? "uncompressed" : "compressed"));
        }
        return rows;
    }

    /** @return logical vs physical bytes */
    public StoreStats stats() {
        Object[] row = rows("""
                SELECT (SELECT count(*) FROM repositories),
                       (SELECT count(*) FROM manifests),
                       (SELECT count(*) FROM blobs),
                       (SELECT coalesce(sum(size), 0) FROM manifest_refs WHERE kind = 'BLOB'),
                       (SELECT coalesce(sum(size), 0) FROM blobs)""").get(0);
        long logical = ((Number) row[3]).longValue();
        long physical = ((Number) row[4]).longValue();
        return new StoreStats(((Number) row[0]).longValue(), ((Number) row[1]).longValue(),
                ((Number) row[2]).longValue(), logical, physical, physical == 0 ? 1.0 : (double) logical / physical);
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> rows(String sql, Object... parameters) {
        var query = entityManager.createNativeQuery(sql);
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        return query.getResultList();
    }
}
