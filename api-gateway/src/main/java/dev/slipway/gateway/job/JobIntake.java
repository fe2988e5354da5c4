package dev.slipway.gateway.job;

import dev.slipway.gateway.config.GatewayConfig;
import dev.slipway.gateway.error.ApiException;
import dev.slipway.gateway.error.ErrorCode;
import dev.slipway.gateway.outbox.Outbox;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Accepts new jobs by group commit: the job rows, their QUEUED events and their outbox records of every submission
 * that arrived while the previous commit was running go into the database as JDBC batches in one transaction, and
 * each submitter gets its answer once that transaction has committed.
 *
 * <p>Why not one ORM transaction per request: a submission is three small inserts, and the per-transaction work (a
 * Hibernate session and flush, a JTA transaction, a commit with its WAL flush, a relay wake-up) cost several times
 * more than the inserts themselves. Plain JDBC here also means no dirty checking and no entity snapshots: these rows
 * are only ever inserted by this class.
 */
@ApplicationScoped
class JobIntake {

    private static final Logger LOG = Logger.getLogger(JobIntake.class);

    private final DataSource dataSource;
    private final Outbox outbox;
    private final JobEventBus bus;
    private final GroupCommit<NewJob> commits;

    JobIntake(DataSource dataSource, Outbox outbox, JobEventBus bus, GatewayConfig config) {
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.bus = bus;
        this.commits = new GroupCommit<>("job-intake", config.jobs().submitBatchSize(), this::write,
                JobIntake::databaseUnreachable);
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        commits.close();
    }

    /**
     * Stores a new job, its QUEUED event and the record that publishes it, and returns once they have committed.
     *
     * @throws ApiException {@code database-unavailable} if they did not: nothing of the job was stored
     */
    void accept(NewJob job) {
        try {
            commits.commit(job);
        } catch (GroupCommit.NotCommittedException e) {
            LOG.warnf("job %s not accepted: %s", job.job().id, e.getCause());
            if (e.getCause() instanceof SQLException sql && !databaseUnreachable(sql)) {
                throw new ApiException(ErrorCode.DATABASE_UNAVAILABLE,
                        "the job database refused the job (SQLSTATE " + sql.getSQLState() + "); nothing was accepted");
            }
            throw new ApiException(ErrorCode.DATABASE_UNAVAILABLE,
                    "the job database cannot be reached; nothing was accepted");
        }
    }

    private void write(List<NewJob> batch) throws SQLException {
        Instant now = Instant.now();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                insertJobs(connection, batch);
                insertEvents(connection, batch, now);
                outbox.insert(connection, batch.stream().map(NewJob::request).toList(), now);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException lost) {
                    e.addSuppressed(lost);
                }
                throw e;
            }
            connection.setAutoCommit(true);
        }
        outbox.committed();
        bus.publish(batch.stream().map(NewJob::queued).toList());
    }

    private static void insertJobs(Connection connection, List<NewJob> batch) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("insert into jobs (id, kind, state, owner, attempt, "
                + "spec, images, created_at, queued_at, expires_at, last_seq) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (NewJob next : batch) {
                Job job = next.job();
                insert.setObject(1, job.id);
                insert.setString(2, job.kind.name());
                insert.setString(3, job.state.name());
                insert.setString(4, job.owner);
                insert.setInt(5, job.attempt);
                insert.setString(6, job.spec);
                insert.setArray(7, connection.createArrayOf("text", job.images));
                insert.setObject(8, utc(job.createdAt));
                insert.setObject(9, utc(job.queuedAt));
                insert.setObject(10, utc(job.expiresAt));
                insert.setLong(11, job.lastSeq);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void insertEvents(Connection connection, List<NewJob> batch, Instant now) throws SQLException {
        // ids drawn from the sequence Hibernate's generator uses for the other events: they never collide
        try (PreparedStatement insert = connection.prepareStatement("insert into job_events (id, job_id, seq, attempt, "
                + "type, data, terminal, created_at) values (nextval('job_events_seq'), ?, ?, ?, ?, ?, false, ?)")) {
            for (NewJob next : batch) {
                StoredEvent event = next.queued();
                insert.setObject(1, event.jobId());
                insert.setLong(2, event.seq());
                insert.setInt(3, next.job().attempt);
                insert.setString(4, event.type());
                insert.setString(5, event.data());
                insert.setObject(6, utc(now));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** A connection that cannot be had or was lost fails any item: retrying them one by one would not help. */
    static boolean databaseUnreachable(Exception e) {
        if (e instanceof SQLTransientConnectionException || e instanceof SQLNonTransientConnectionException) {
            return true;
        }
        if (e instanceof SQLException sql) {
            // class 08 = connection exception; no state at all = the pool or driver gave up before reaching the server
            return sql.getSQLState() == null || sql.getSQLState().startsWith("08");
        }
        return false;
    }

    /**
     * A job to accept, as it will be stored.
     *
     * @param job     the job row (QUEUED, attempt 1, its last sequence that of {@code queued})
     * @param queued  its first event
     * @param request the record that publishes it
     */
    record NewJob(Job job, StoredEvent queued, Outbox.Message request) {
    }
}
