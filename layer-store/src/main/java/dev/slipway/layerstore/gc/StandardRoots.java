package dev.slipway.layerstore.gc;

import dev.slipway.layerstore.config.LayerStoreConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;

/**
 * The roots every layer-store has. Each nested class is one {@link GcRootProvider}: tags, uploads in progress,
 * build-cache entries, leases, build contexts of unfinished jobs, container layers pending a commit, and content
 * younger than the grace period.
 */
final class StandardRoots {

    private StandardRoots() {
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> query(EntityManager entityManager, String sql, Object... parameters) {
        var query = entityManager.createNativeQuery(sql);
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        return query.getResultList();
    }

    private static List<Long> ids(List<Number> numbers) {
        return numbers.stream().map(Number::longValue).toList();
    }

    /** Every tagged manifest (and through marking, its children, blobs and referrers). */
    @ApplicationScoped
    static class Tags implements GcRootProvider {
        private final EntityManager entityManager;

        Tags(EntityManager entityManager) {
            this.entityManager = entityManager;
        }

        @Override
        public String name() {
            return "tags";
        }

        @Override
        public void addRoots(GcRoots roots) {
            roots.manifests(ids(query(entityManager, "SELECT manifest_id FROM tags")));
        }
    }

    /** Blobs linked to a repository since an upload session into it started: a push in flight. */
    @ApplicationScoped
    static class UploadsInProgress implements GcRootProvider {
        private final EntityManager entityManager;

        UploadsInProgress(EntityManager entityManager) {
            this.entityManager = entityManager;
        }

        @Override
        public String name() {
            return "uploads";
        }

        @Override
        public void addRoots(GcRoots roots) {
            roots.blobs(query(entityManager, """
                    SELECT DISTINCT l.digest FROM blob_links l JOIN upload_sessions s ON s.repository = l.repository
                    WHERE l.linked_at >= s.started_at"""));
        }
    }

    /** Layers of build-cache entries (the cache evicts its least recently used entries to stay bounded). */
    @ApplicationScoped
    static class BuildCache implements GcRootProvider {
        private final EntityManager entityManager;

        BuildCache(EntityManager entityManager) {
            this.entityManager = entityManager;
        }

        @Override
        public String name() {
            return "build-cache";
        }

        @Override
        public void addRoots(GcRoots roots) {
            roots.blobs(query(entityManager, "SELECT layer_digest FROM cache_entries"));
        }
    }

    /**
     * Blobs held by unexpired leases: build contexts of running jobs, base layers a build is using, container layers
     * pending a commit.
     */
    @ApplicationScoped
    static class Leases implements GcRootProvider {
        private final EntityManager entityManager;

        Leases(EntityManager entityManager) {
            this.entityManager = entityManager;
        }

        @Override
        public String name() {
            return "leases";
        }

        @Override
        public void addRoots(GcRoots roots) {
            roots.blobs(query(entityManager, """
                    SELECT b.digest FROM lease_blobs b JOIN leases l ON l.id = b.lease_id WHERE l.expires_at > now()"""));
        }
    }

    /** Build contexts of jobs not yet finished: linked in the build-context repository, within the retention. */
    @ApplicationScoped
    static class BuildContexts implements GcRootProvider {
        private final EntityManager entityManager;
        private final LayerStoreConfig.Gc config;

        BuildContexts(EntityManager entityManager, LayerStoreConfig config) {
            this.entityManager = entityManager;
            this.config = config.gc();
        }

        @Override
        public String name() {
            return "build-contexts";
        }

        @Override
        public void addRoots(GcRoots roots) {
            roots.blobs(linkedSince(entityManager, config.buildContextRepository(),
                    Instant.now().minus(config.buildContextRetention())));
        }
    }

    /** Container layers waiting for a commit: linked in the pending-layer repository, until they expire. */
    @ApplicationScoped
    static class PendingLayers implements GcRootProvider {
        private final EntityManager entityManager;
        private final LayerStoreConfig.Gc config;

        PendingLayers(EntityManager entityManager, LayerStoreConfig config) {
            this.entityManager = entityManager;
            this.config = config.gc();
        }

        @Override
        public String name() {
            return "pending-layers";
        }

        @Override
        public void addRoots(GcRoots roots) {
            roots.blobs(linkedSince(entityManager, config.pendingLayerRepository(),
                    Instant.now().minus(config.pendingLayerExpiry())));
        }
    }

    private static List<String> linkedSince(EntityManager entityManager, String repository, Instant since) {
        return query(entityManager, "SELECT digest FROM blob_links WHERE repository = ?1 AND linked_at > ?2",
                repository, since);
    }

    /** Manifests and blobs pushed or linked within the grace period: a push may be about to reference them. */
    @ApplicationScoped
    static class Recent implements GcRootProvider {
        private final EntityManager entityManager;

        Recent(EntityManager entityManager) {
            this.entityManager = entityManager;
        }

        @Override
        public String name() {
            return "grace-period";
        }

        @Override
        public void addRoots(GcRoots roots) {
            Instant cutoff = roots.graceCutoff();
            roots.manifests(ids(query(entityManager, "SELECT id FROM manifests WHERE pushed_at > ?1", cutoff)));
            roots.blobs(query(entityManager, "SELECT digest FROM blobs WHERE created_at > ?1", cutoff));
            roots.blobs(query(entityManager, "SELECT DISTINCT digest FROM blob_links WHERE linked_at > ?1", cutoff));
        }
    }
}
