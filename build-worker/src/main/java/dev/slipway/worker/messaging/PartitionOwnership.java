package dev.slipway.worker.messaging;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Which build-job partitions this worker owns right now, and from which offset its current ownership of each began
 * (the consumer's position when the partition was assigned). A record belongs to this worker only while its
 * partition is assigned here and its offset is at or after that position: a record fetched under an earlier
 * ownership was never acknowledged, so the group delivers it again to whoever owns the partition now — here too, if
 * the partition came back, and then the copy waiting here and the redelivered one are the same job attempt, which
 * {@code JobRunner} runs once.
 *
 * <p>The connector calls this listener on its polling thread, after it has dropped its buffered records of revoked
 * partitions and committed what was acknowledged (set by {@code consumer-rebalance-listener.name}).
 */
@ApplicationScoped
@Identifier(PartitionOwnership.NAME)
class PartitionOwnership implements KafkaConsumerRebalanceListener {

    /** The listener's name in application.properties. */
    static final String NAME = "build-jobs-ownership";

    private final Map<TopicPartition, Long> ownedFrom = new ConcurrentHashMap<>();

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            ownedFrom.put(partition, consumer.position(partition));
        }
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(ownedFrom::remove);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(ownedFrom::remove);
    }

    /** Whether the record at {@code offset} of {@code partition} was fetched under this worker's current ownership. */
    boolean owns(TopicPartition partition, long offset) {
        Long from = ownedFrom.get(partition);
        return from != null && offset >= from;
    }
}
