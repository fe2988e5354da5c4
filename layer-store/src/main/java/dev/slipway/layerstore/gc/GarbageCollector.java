package dev.slipway.layerstore.gc;

import dev.slipway.common.oci.Digest;
import dev.slipway.layerstore.blob.BlobInfo;
import dev.slipway.layerstore.blob.BlobStore;
import dev.slipway.layerstore.config.LayerStoreConfig;
import dev.slipway.layerstore.repository.ContentLock;
import dev.slipway.layerstore.repository.KnownLinks;
import dev.slipway.layerstore.upload.BlobUploads;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Online mark-and-sweep garbage collection; the registry stays writable throughout.
 *
 * <p>Mark: every {@link GcRootProvider}'s roots, then transitively the child manifests of marked indexes, the
 * manifests whose {@code subject} is marked (signatures, SBOMs), and the blobs of marked manifests. Sweep: unmarked
 * manifests and blobs (rows, links and bytes). The whole run holds the content lock exclusively, so no push can link
 * or reference content between mark and sweep; pushes wait for the few milliseconds it takes.
 */
@ApplicationScoped
public class GarbageCollector {

    private static final Logger LOG = Logger.getLogger(GarbageCollector.class);
    /** Files with no metadata row are crash leftovers; they are only removed once clearly abandoned. */
    private static final Duration ORPHAN_FILE_AGE = Duration.ofHours(1);

    private final EntityManager entityManager;
    private final ContentLock lock;
    private final BlobStore blobs;
    private final BlobUploads uploads;
    private final KnownLinks links;
    private final Instance<GcRootProvider> providers;
    private final Duration gracePeriod;

    GarbageCollector(EntityManager entityManager, ContentLock lock, BlobStore blobs, BlobUploads uploads,
            KnownLinks links, Instance<GcRootProvider> providers, LayerStoreConfig config) {
        this.entityManager = entityManager;
        this.links = links;
        this.lock = lock;
        this.blobs = blobs;
        this.uploads = uploads;
        this.providers = providers;
        this.gracePeriod = config.gc().gracePeriod();
    }

    /** Runs on the configured schedule ({@code layerstore.gc.every}). */
    @Scheduled(every = "${layerstore.gc.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        GcReport report = collect(gracePeriod);
        LOG.infof("garbage collection freed %d blobs (%d bytes) and %d manifests", report.blobsDeleted(),
                report.bytesFreed(), report.manifestsDeleted());
    }

    /** @return a collection with the configured grace period */
    public GcReport collect() {
        return collect(gracePeriod);
    }

    /**
     * Collects garbage.
     *
     * @param grace content younger than this is kept
     * @return what was freed
     */
    public synchronized GcReport collect(Duration grace) {
        Instant started = Instant.now();
        int uploadsExpired = uploads.expireIdle();
        Instant orphanCutoff = started.minus(grace.compareTo(ORPHAN_FILE_AGE) > 0 ? grace : ORPHAN_FILE_AGE);
        Sweep sweep;
        try {
            sweep = QuarkusTransaction.requiringNew().call(() -> markAndSweep(started.minus(grace), orphanCutoff));
        } finally {
            links.forgetAll(); // the sweep deleted links (with their blobs) that lookups may have remembered
        }
        long bytes = sweep.freed.stream().mapToLong(BlobInfo::size).sum();
        List<String> freed = new ArrayList<>();
        sweep.freed.forEach(blob -> freed.add(blob.digest().toString()));
        return new GcReport(started, Duration.between(started, Instant.now()).toMillis(), sweep.manifests,
                sweep.freed.size() + sweep.orphanFiles, bytes, uploadsExpired, sweep.leases, freed);
    }

    private Sweep markAndSweep(Instant cutoff, Instant orphanCutoff) throws IOException {
        lock.exclusive();
        GcRoots roots = new GcRoots(cutoff);
        for (GcRootProvider provider : providers) {
            provider.addRoots(roots);
        }
        Set<Long> liveManifests = markManifests(roots.manifestIds());
        Set<String> liveBlobs = new HashSet<>(roots.blobDigests());
        for (Object[] ref : rows("SELECT manifest_id, digest FROM manifest_refs WHERE kind = 'BLOB'")) {
            if (liveManifests.contains(((Number) ref[0]).longValue())) {
                liveBlobs.add((String) ref[1]);
            }
        }

        List<Long> deadManifests = new ArrayList<>();
        for (Object[] row : rows("SELECT id, repository FROM manifests")) {
            long id = ((Number) row[0]).longValue();
            if (!liveManifests.contains(id)) {
                deadManifests.add(id);
            }
        }
        for (Long id : deadManifests) {
            entityManager.createNativeQuery("DELETE FROM manifests WHERE id = ?1").setParameter(1, id).executeUpdate();
        }

        List<BlobInfo> freed = new ArrayList<>();
        for (Object[] row : rows("SELECT digest, size FROM blobs")) {
            String digest = (String) row[0];
            if (liveBlobs.contains(digest)) {
                continue;
            }
            entityManager.createNativeQuery("DELETE FROM blobs WHERE digest = ?1").setParameter(1, digest)
                    .executeUpdate();
            Digest parsed = Digest.parse(digest);
            // Bytes go while the lock is held, so no upload can re-link this digest in between.
            blobs.delete(parsed);
            freed.add(new BlobInfo(parsed, ((Number) row[1]).longValue(), cutoff));
        }
        int leases = entityManager.createNativeQuery("DELETE FROM leases WHERE expires_at <= now()").executeUpdate();
        return new Sweep(deadManifests.size(), freed, leases, removeOrphanFiles(orphanCutoff));
    }

    /** Marks the roots, then index children and referrers, to a fixed point. */
    private Set<Long> markManifests(Set<Long> rootIds) {
        Map<String, Long> byKey = new HashMap<>();
        Map<String, List<Long>> bySubject = new HashMap<>();
        Map<Long, String> repositoryOf = new HashMap<>();
        Map<Long, String> digestOf = new HashMap<>();
        for (Object[] row : rows("SELECT id, repository, digest, subject FROM manifests")) {
            long id = ((Number) row[0]).longValue();
            String repository = (String) row[1];
            repositoryOf.put(id, repository);
            digestOf.put(id, (String) row[2]);
            byKey.put(repository + "@" + row[2], id);
            if (row[3] != null) {
                bySubject.computeIfAbsent(repository + "@" + row[3], k -> new ArrayList<>()).add(id);
            }
        }
        Map<Long, List<String>> children = new HashMap<>();
        for (Object[] ref : rows("SELECT manifest_id, digest FROM manifest_refs WHERE kind = 'MANIFEST'")) {
            children.computeIfAbsent(((Number) ref[0]).longValue(), k -> new ArrayList<>()).add((String) ref[1]);
        }
        Set<Long> marked = new HashSet<>();
        Deque<Long> pending = new ArrayDeque<>();
        for (Long id : rootIds) {
            if (repositoryOf.containsKey(id) && marked.add(id)) {
                pending.add(id);
            }
        }
        while (!pending.isEmpty()) {
            long id = pending.pop();
            String repository = repositoryOf.get(id);
            List<Long> reachable = new ArrayList<>(bySubject.getOrDefault(repository + "@" + digestOf.get(id), List.of()));
            for (String child : children.getOrDefault(id, List.of())) {
                Long childId = byKey.get(repository + "@" + child);
                if (childId != null) {
                    reachable.add(childId);
                }
            }
            for (Long next : reachable) {
                if (marked.add(next)) {
                    pending.add(next);
                }
            }
        }
        return marked;
    }

    /** Removes files that no blob row knows (a crash between publishing and recording), once they are old. */
    private int removeOrphanFiles(Instant olderThan) throws IOException {
        Set<String> known = new HashSet<>();
        for (Object digest : entityManager.createNativeQuery("SELECT digest FROM blobs").getResultList()) {
            known.add((String) digest);
        }
        List<Digest> orphans = new ArrayList<>();
        blobs.forEach(blob -> {
            if (!known.contains(blob.digest().toString()) && blob.storedAt().isBefore(olderThan)) {
                orphans.add(blob.digest());
            }
        });
        for (Digest orphan : orphans) {
            blobs.delete(orphan);
        }
        return orphans.size();
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> rows(String sql) {
        return entityManager.createNativeQuery(sql).getResultList();
    }

    /** What the sweep removed. */
    private record Sweep(int manifests, List<BlobInfo> freed, int leases, int orphanFiles) {
    }
}
