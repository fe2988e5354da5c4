package dev.slipway.gateway.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/** A Kafka record waiting to be published, written in the transaction whose state it announces. */
@Entity
@Table(name = "outbox")
class OutboxRow {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "outbox_seq")
    @SequenceGenerator(name = "outbox_seq", sequenceName = "outbox_seq", allocationSize = 50)
    Long id;

    @Column(nullable = false)
    String topic;

    @Column(name = "record_key", nullable = false)
    String recordKey;

    @Column(nullable = false)
    byte[] payload;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "claimed_at")
    Instant claimedAt;

    @Column(name = "sent_at")
    Instant sentAt;

    protected OutboxRow() {
    }

    OutboxRow(String topic, String recordKey, byte[] payload, Instant createdAt) {
        this.topic = topic;
        this.recordKey = recordKey;
        this.payload = payload.clone();
        this.createdAt = createdAt;
    }
}
