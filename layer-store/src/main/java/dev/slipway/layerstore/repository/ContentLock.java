package dev.slipway.layerstore.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Serialises the garbage collector's sweep against writes that make content reachable (linking a blob, storing a
 * manifest). Writers take the transaction-scoped PostgreSQL advisory lock shared, the sweep takes it exclusive, so a
 * sweep never frees a blob that a concurrent write is about to reference. Writers take it within their first
 * statement ({@link #WITH_SHARED}, through {@link Repositories}).
 */
@ApplicationScoped
public class ContentLock {

    private static final long KEY = 0x51197A7E0001L;

    /**
     * The start of a statement that takes the lock shared in the statement itself (saving a round trip): a CTE
     * {@code held} of one row, which every part of the statement that writes must read from, so that the lock is held
     * before anything is written.
     */
    static final String WITH_SHARED = "WITH held AS (SELECT pg_advisory_xact_lock_shared(" + KEY + "))\n";

    private final EntityManager entityManager;

    ContentLock(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Takes the lock exclusive until the current transaction ends. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void exclusive() {
        entityManager.createNativeQuery("SELECT pg_advisory_xact_lock(" + KEY + ")").getSingleResult();
    }
}
