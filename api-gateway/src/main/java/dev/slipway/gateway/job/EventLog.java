package dev.slipway.gateway.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.common.job.JobJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends to a job's event log under the job's row lock, assigning the job-wide sequence, and hands the events to
 * the {@link JobEventBus} once the transaction has committed (never before: a watcher must not see what a rollback
 * takes back).
 */
@ApplicationScoped
class EventLog {

    static final ObjectMapper JSON = JobJson.newMapper();
    private static final Object PENDING_KEY = new Object();

    private final EntityManager em;
    private final TransactionSynchronizationRegistry transactions;
    private final JobEventBus bus;

    EventLog(EntityManager em, TransactionSynchronizationRegistry transactions, JobEventBus bus) {
        this.em = em;
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
        String json = data.toString();
        em.persist(new JobEventRecord(job.id, seq, attempt, producerSeq, type, json, terminal, Instant.now()));
        StoredEvent stored = new StoredEvent(job.id, seq, type, json, terminal);
        pending().add(stored);
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

    @SuppressWarnings("unchecked")
    private List<StoredEvent> pending() {
        List<StoredEvent> list = (List<StoredEvent>) transactions.getResource(PENDING_KEY);
        if (list == null) {
            List<StoredEvent> fresh = new ArrayList<>();
            transactions.putResource(PENDING_KEY, fresh);
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        bus.publish(fresh);
                    }
                }
            });
            list = fresh;
        }
        return list;
    }
}
