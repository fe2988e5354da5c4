package dev.slipway.gateway.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The transactional outbox: {@link #enqueue} writes a record in the caller's transaction; the {@link OutboxRelay}
 * publishes it once that transaction commits. So a record is published exactly when the database knows its state.
 * Writers that run their own JDBC transaction (the group commit of new jobs) use {@link #insert} and
 * {@link #committed} instead.
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

    /**
     * Adds records to a JDBC transaction the caller runs and commits (one batch of inserts for all of them); the
     * caller calls {@link #committed} after its commit.
     *
     * @param connection a connection with auto-commit off
     * @param messages   the records
     * @param now        their creation time
     */
    public void insert(Connection connection, List<Message> messages, Instant now) throws SQLException {
        // ids from the row's own sequence, as Hibernate's generator draws them for enqueue(): they never collide
        try (PreparedStatement insert = connection.prepareStatement("insert into outbox (id, topic, record_key, "
                + "payload, created_at) values (nextval('outbox_seq'), ?, ?, ?, ?)")) {
            OffsetDateTime created = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
            for (Message message : messages) {
                insert.setString(1, message.topic());
                insert.setString(2, message.key());
                insert.setBytes(3, message.payload());
                insert.setObject(4, created);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Tells the relay that rows written by {@link #insert} have committed. */
    public void committed() {
        relay.wake();
    }

    /**
     * A record to publish.
     *
     * @param topic   Kafka topic
     * @param key     record key (the job id, so one job's records keep their order)
     * @param payload record value (handed over, not copied: a message is built once and written once)
     */
    public record Message(String topic, String key, byte[] payload) {
    }
}
