package dev.slipway.gateway.job;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One row of a job's event log, in the job-wide order clients see. */
@Entity
@Table(name = "job_events")
class JobEventRecord {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "job_events_seq")
    @SequenceGenerator(name = "job_events_seq", sequenceName = "job_events_seq", allocationSize = 50)
    Long id;

    @Column(name = "job_id", nullable = false)
    UUID jobId;

    @Column(nullable = false)
    long seq;

    @Column(nullable = false)
    int attempt;

    @Column(name = "producer_seq")
    Long producerSeq;

    @Column(nullable = false)
    String type;

    @Column(nullable = false)
    String data;

    @Column(nullable = false)
    boolean terminal;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    protected JobEventRecord() {
    }

    JobEventRecord(UUID jobId, long seq, int attempt, Long producerSeq, String type, String data, boolean terminal,
            Instant createdAt) {
        this.jobId = jobId;
        this.seq = seq;
        this.attempt = attempt;
        this.producerSeq = producerSeq;
        this.type = type;
        this.data = data;
        this.terminal = terminal;
        this.createdAt = createdAt;
    }

    StoredEvent toStored() {
        return new StoredEvent(jobId, seq, type, data, terminal);
    }
}
