package dev.slipway.gateway.job;

import dev.slipway.common.job.JobKind;
import dev.slipway.common.job.JobState;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A job row: the gateway's record of one submitted job and where its lifecycle stands. Not an API type: {@link JobMapper}
 * turns it into {@code job.api} records.
 */
@Entity
@Table(name = "jobs")
class Job {

    @Id
    UUID id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    JobKind kind;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    JobState state;

    @Column(nullable = false)
    String owner;

    @Column(nullable = false)
    int attempt;

    /** The JobSpec as published, so a new attempt republishes exactly the same request. */
    @Column(nullable = false)
    String spec;

    @Column(nullable = false, columnDefinition = "text[]")
    String[] images;

    String result;

    String error;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "queued_at", nullable = false)
    Instant queuedAt;

    @Column(name = "expires_at", nullable = false)
    Instant expiresAt;

    @Column(name = "started_at")
    Instant startedAt;

    @Column(name = "finished_at")
    Instant finishedAt;

    @Column(name = "heartbeat_at")
    Instant heartbeatAt;

    @Column(name = "last_seq", nullable = false)
    long lastSeq;

    protected Job() {
    }

    Job(UUID id, JobKind kind, String owner, String spec, String[] images, Instant now, Instant expiresAt) {
        this.id = id;
        this.kind = kind;
        this.state = JobState.QUEUED;
        this.owner = owner;
        this.attempt = 1;
        this.spec = spec;
        this.images = images.clone();
        this.createdAt = now;
        this.queuedAt = now;
        this.expiresAt = expiresAt;
    }

    /** @return the next job-wide event sequence number */
    long nextSeq() {
        return ++lastSeq;
    }

    void start(Instant at) {
        state = JobState.RUNNING;
        startedAt = at;
        heartbeatAt = at;
    }

    void finish(JobState terminal, Instant at) {
        state = terminal;
        finishedAt = at;
    }

    /** Puts the job back in the queue as a new attempt (its worker went silent). */
    void requeue(Instant at) {
        attempt++;
        state = JobState.QUEUED;
        queuedAt = at;
        startedAt = null;
        heartbeatAt = null;
    }
}
