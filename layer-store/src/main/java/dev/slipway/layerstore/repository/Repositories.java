package dev.slipway.layerstore.repository;

import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.layerstore.blob.BlobInfo;
import dev.slipway.layerstore.blob.BlobStore;
import dev.slipway.layerstore.error.ErrorCode;
import dev.slipway.layerstore.error.RegistryException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Repositories and the blobs linked to them. A repository serves a blob only when it is linked to it (by an upload, a
 * mount or a manifest push); the bytes themselves are stored once in the {@link BlobStore}. Links seen committed are
 * kept in {@link KnownLinks}, so a blob lookup asks the database once.
 */
@ApplicationScoped
@Transactional
public class Repositories {

    private final EntityManager entityManager;
    private final BlobStore blobs;
    private final KnownLinks known;
    private final TransactionSynchronizationRegistry transactions;

    Repositories(EntityManager entityManager, BlobStore blobs, KnownLinks known,
            TransactionSynchronizationRegistry transactions) {
        this.entityManager = entityManager;
        this.blobs = blobs;
        this.known = known;
        this.transactions = transactions;
    }

    /**
     * Creates the repository if it does not exist yet.
     *
     * @param repository its name
     */
    public void ensure(RepositoryName repository) {
        entityManager.createNativeQuery("INSERT INTO repositories(name) VALUES (?1) ON CONFLICT DO NOTHING")
                .setParameter(1, repository.value())
                .executeUpdate();
    }

    /**
     * @param repository a name
     * @return whether anything was ever pushed to it (and it was not removed)
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean exists(RepositoryName repository) {
        return !entityManager.createNativeQuery("SELECT 1 FROM repositories WHERE name = ?1")
                .setParameter(1, repository.value())
                .getResultList()
                .isEmpty();
    }

    /**
     * Takes the shared content lock and creates the repository if it does not exist yet, in one round trip: what a
     * write that makes content reachable (a manifest push) does first.
     *
     * @param repository its name
     */
    public void lockAndEnsure(RepositoryName repository) {
        entityManager.createNativeQuery(ContentLock.WITH_SHARED + """
                INSERT INTO repositories(name) SELECT ?1 FROM held ON CONFLICT DO NOTHING""")
                .setParameter(1, repository.value())
                .executeUpdate();
    }

    /**
     * Records a stored blob and links it to a repository, under the shared content lock.
     *
     * @param repository the repository
     * @param blob       the stored blob
     * @throws RegistryException when the bytes vanished meanwhile (swept by a concurrent collection): retry
     */
    public void link(RepositoryName repository, BlobInfo blob) {
        long since = known.epoch();
        // One statement (one round trip instead of four): the lock first, since every insert reads from "held".
        entityManager.createNativeQuery(ContentLock.WITH_SHARED + """
                , repository AS (INSERT INTO repositories(name) SELECT ?1 FROM held ON CONFLICT DO NOTHING),
                  blob AS (INSERT INTO blobs(digest, size) SELECT ?2, ?3 FROM held ON CONFLICT DO NOTHING)
                INSERT INTO blob_links(repository, digest) SELECT ?1, ?2 FROM held
                ON CONFLICT (repository, digest) DO UPDATE SET linked_at = now()""")
                .setParameter(1, repository.value())
                .setParameter(2, blob.digest().toString())
                .setParameter(3, blob.size())
                .executeUpdate();
        // Checked with the lock held: a sweep cannot delete the bytes any more, so they are there at commit.
        if (blobs.stat(blob.digest()).isEmpty()) {
            throw new RegistryException(ErrorCode.BLOB_UPLOAD_INVALID, 503,
                    "the blob was collected while the upload finished; retry the upload", Map.of());
        }
        afterCompletion(committed -> {
            if (committed) {
                known.remember(repository, blob.digest(), blob.size(), since);
            }
        });
    }

    /**
     * @param repository a repository
     * @param digest     a blob
     * @return the blob when it is linked to the repository and its bytes are stored
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<BlobInfo> linked(RepositoryName repository, Digest digest) {
        if (known.size(repository, digest).isPresent()) {
            return blobs.stat(digest); // the bytes may have been collected since: the file decides
        }
        long since = known.epoch();
        boolean isLinked = !entityManager
                .createNativeQuery("SELECT 1 FROM blob_links WHERE repository = ?1 AND digest = ?2")
                .setParameter(1, repository.value())
                .setParameter(2, digest.toString())
                .getResultList()
                .isEmpty();
        Optional<BlobInfo> blob = isLinked ? blobs.stat(digest) : Optional.empty();
        blob.ifPresent(found -> known.remember(repository, digest, found.size(), since));
        return blob;
    }

    /**
     * @param digest a blob
     * @return the blob when some repository links it and its bytes are stored
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<BlobInfo> linkedAnywhere(Digest digest) {
        boolean isLinked = !entityManager.createNativeQuery("SELECT 1 FROM blob_links WHERE digest = ?1 LIMIT 1")
                .setParameter(1, digest.toString())
                .getResultList()
                .isEmpty();
        return isLinked ? blobs.stat(digest) : Optional.empty();
    }

    /**
     * Removes a blob from a repository. The bytes stay until garbage collection finds nothing else needs them.
     *
     * @param repository the repository
     * @param digest     the blob
     * @return whether it was linked
     */
    public boolean unlink(RepositoryName repository, Digest digest) {
        known.forget(repository, digest);
        afterCompletion(committed -> known.forget(repository, digest)); // lookups in between may have seen it
        return entityManager.createNativeQuery("DELETE FROM blob_links WHERE repository = ?1 AND digest = ?2")
                .setParameter(1, repository.value())
                .setParameter(2, digest.toString())
                .executeUpdate() > 0;
    }

    /**
     * One page of the catalog.
     *
     * @param limit the most names to return
     * @param after return names after this one (exclusive), or null for the start
     * @return the page
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page catalog(int limit, String after) {
        @SuppressWarnings("unchecked")
        List<String> names = entityManager.createNativeQuery("""
                SELECT name FROM repositories WHERE name COLLATE "C" > ?1 ORDER BY name COLLATE "C" LIMIT ?2""")
                .setParameter(1, after == null ? "" : after)
                .setParameter(2, limit + 1)
                .getResultList();
        return pageOf(names, limit);
    }

    /**
     * One page of the catalog, restricted to names matching a regular expression (a token's {@code pullable}
     * patterns): the filter is applied by the query, so pages stay full.
     *
     * @param limit the most names to return
     * @param after return names after this one (exclusive), or null for the start
     * @param regex a PostgreSQL regular expression the names must match
     * @return the page
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page catalog(int limit, String after, String regex) {
        @SuppressWarnings("unchecked")
        List<String> names = entityManager.createNativeQuery("""
                SELECT name FROM repositories WHERE name COLLATE "C" > ?1 AND name ~ ?3
                ORDER BY name COLLATE "C" LIMIT ?2""")
                .setParameter(1, after == null ? "" : after)
                .setParameter(2, limit + 1)
                .setParameter(3, regex)
                .getResultList();
        return pageOf(names, limit);
    }

    /** Runs {@code then} with whether the current transaction committed, once it has ended. */
    private void afterCompletion(Consumer<Boolean> then) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                then.accept(status == Status.STATUS_COMMITTED);
            }
        });
    }

    /**
     * Cuts a {@code limit + 1} result into a page.
     *
     * @param names up to {@code limit + 1} ordered names
     * @param limit the page size
     * @return the page, with {@code hasMore} when the extra name was there
     */
    public static Page pageOf(List<String> names, int limit) {
        if (limit == 0) {
            return new Page(List.of(), false); // n=0 asks for nothing, and a next page of nothing is no page
        }
        return names.size() > limit ? new Page(names.subList(0, limit), true) : new Page(names, false);
    }
}
