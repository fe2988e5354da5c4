package dev.slipway.gateway.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * The transactional outbox: {@link #enqueue} writes a record in the caller's transaction; the {@link OutboxRelay}
 * publishes it once that transaction commits. So a record is published exactly when the database knows its state.
 */
@ApplicationScoped
public class Outbox {

    private final EntityManager em;
    private final TransactionSynchronizationRegistry transactions;
    private final OutboxRelay relay;

    Outbox(EntityManager em, TransactionSynchronizationRegistry transactions, OutboxRelay relay) {
        this.em = em;
        this.transactions = transactions;
        this.relay = relay;
    }

    /**
     * Queues a record for publication when the current transaction commits.
     *
     * @param topic   Kafka topic
     * @param key     record key (the job id, so one job's records keep their order)
     * @param payload record value
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueue(String topic, String key, byte[] payload) {
        em.persist(new OutboxRow(topic, key, payload, Instant.now()));
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    relay.wake();
                }
            }
        });
    }
}
