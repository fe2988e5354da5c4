package dev.slipway.layerstore.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Serialises the garbage collector's sweep against writes that make content reachable (linking a blob, storing a
 * manifest). Writers take the transaction-scoped PostgreSQL advisory lock shared, the sweep takes it exclusive, so a
 * sweep never frees a blob that a concurrent write is about to reference.
 */
@ApplicationScoped
public class ContentLock {

    private static final long KEY = 0x51197A7E0001L;

    private final EntityManager entityManager;

    ContentLock(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Takes the lock shared until the current transaction ends. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void shared() {
        entityManager.createNativeQuery("SELECT pg_advisory_xact_lock_shared(" + KEY + ")").getSingleResult();
    }

    /** Takes the lock exclusive until the current transaction ends. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void exclusive() {
        entityManager.createNativeQuery("SELECT pg_advisory_xact_lock(" + KEY + ")").getSingleResult();
    }
}
