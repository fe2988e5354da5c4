package dev.slipway.gateway.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.common.job.JobJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.Session;

/**
 * Appends to a job's event log under the job's row lock, assigning the job-wide sequence, and hands the events to
 * the {@link JobEventBus} once the transaction has committed (never before: a watcher must not see what a rollback
 * takes back).
 *
 * <p>The rows of a transaction are written together, as one JDBC batch on the transaction's connection just before
 * it commits, not persisted one by one through Hibernate: event rows are only ever inserted, so entity snapshots,
 * dirty checks and per-entity flush actions bought nothing, and they were the largest share of the consumer's CPU
 * per event. Ids come from {@code job_events_seq} ({@code nextval} per row), as in the submit path.
 */
@ApplicationScoped
class EventLog {

    static final ObjectMapper JSON = JobJson.newMapper();
    private static final Object PENDING_KEY = new Object();
    private static final String INSERT = "insert into job_events (id, job_id, seq, attempt, producer_seq, type, data, "
            + "terminal, created_at) values (nextval('job_events_seq'), ?, ?, ?, ?, ?, ?, ?, ?)";

    private final Session session;
    private final TransactionSynchronizationRegistry transactions;
    private final JobEventBus bus;

    EventLog(Session session, TransactionSynchronizationRegistry transactions, JobEventBus bus) {
        this.session = session;
        this.transactions = transactions;
        this.bus = bus;
    }

    /**
     * @param job         the job, locked by the caller
     * @param attempt     the attempt the event belongs to
     * @param producerSeq the emitter's sequence, or null for the gateway's own events
     * @param type        event type
     * @param data        the event document; {@code seq} is added
     * @param terminal    whether this event ended the job
     * @return the stored event
     */
    StoredEvent append(Job job, int attempt, Long producerSeq, String type, ObjectNode data, boolean terminal) {
        long seq = job.nextSeq();
        data.put("seq", seq);
        return record(job, seq, attempt, producerSeq, type, data.toString(), terminal);
    }

    /**
     * Like {@link #append(Job, int, Long, String, ObjectNode, boolean)} for a document already serialised: a JSON
     * object, to which {@code "seq"} is added as its last field (as the tree form adds it).
     */
    StoredEvent append(Job job, int attempt, Long producerSeq, String type, String document, boolean terminal) {
        long seq = job.nextSeq();
        return record(job, seq, attempt, producerSeq, type, withField(document, "seq", Long.toString(seq)), terminal);
    }

    /** @return the JSON object {@code document} with {@code "name":rawValue} added last */
    static String withField(String document, String name, String rawValue) {
        int end = document.lastIndexOf('}');
        if (end < 0) {
            throw new IllegalArgumentException("not a JSON object: " + document);
        }
        boolean empty = document.substring(0, end).strip().endsWith("{");
        return document.substring(0, end) + (empty ? "\"" : ",\"") + name + "\":" + rawValue + "}";
    }

    private StoredEvent record(Job job, long seq, int attempt, Long producerSeq, String type, String json,
            boolean terminal) {
        StoredEvent stored = new StoredEvent(job.id, seq, type, json, terminal);
        pending().rows.add(new Row(stored, attempt, producerSeq, Instant.now()));
        return stored;
    }

    /** A gateway-made event document with the fields every event has. */
    static ObjectNode gatewayEvent(Job job, String type) {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", type);
        node.put("jobId", job.id.toString());
        node.put("attempt", job.attempt);
        node.put("timestamp", Instant.now().toString());
        return node;
    }

    private Pending pending() {
        Pending pending = (Pending) transactions.getResource(PENDING_KEY);
        if (pending == null) {
            pending = new Pending();
            transactions.putResource(PENDING_KEY, pending);
            transactions.registerInterposedSynchronization(pending);
        }
        return pending;
    }

    /** A row to insert: the event as streamed plus the columns only the log keeps. */
    private record Row(StoredEvent event, int attempt, Long producerSeq, Instant createdAt) {
    }

    /** The rows of one transaction: inserted just before it commits, published to watchers once it has. */
    private final class Pending implements Synchronization {

        final List<Row> rows = new ArrayList<>();

        @Override
        public void beforeCompletion() {
            // on the transaction's own connection, so the rows commit or roll back with everything else
            session.doWork(connection -> {
                try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                    for (Row row : rows) {
                        StoredEvent event = row.event();
                        insert.setObject(1, event.jobId());
                        insert.setLong(2, event.seq());
                        insert.setInt(3, row.attempt());
                        if (row.producerSeq() == null) {
                            insert.setNull(4, Types.BIGINT);
                        } else {
                            insert.setLong(4, row.producerSeq());
                        }
                        insert.setString(5, event.type());
                        insert.setString(6, event.data());
                        insert.setBoolean(7, event.terminal());
                        insert.setObject(8, OffsetDateTime.ofInstant(row.createdAt(), ZoneOffset.UTC));
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            });
        }

        @Override
        public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
                bus.publish(rows.stream().map(Row::event).toList());
            }
        }
    }
}
