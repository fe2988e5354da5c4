package dev.slipway.gateway.outbox;

import dev.slipway.common.job.Topics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.common.PartitionInfo;

/**
 * Chooses the partition of each job request: the next one in turn, per topic. Hashing the job id (Kafka's default for
 * a keyed record) spreads a queue of 40 jobs over 12 partitions unevenly, 1 to 7 apiece, and since a worker consumes
 * only its own partitions, the one holding most of the queue then works while the others idle (bench/scale, issue 9).
 * Job requests need no per-key order (a new attempt is a new request), so turn-taking is safe. Kafka's own
 * {@code RoundRobinPartitioner} is not used: it skips every other partition with batching (KAFKA-16283).
 * Other topics (cancels) keep the key's partition.
 */
final class JobDispatch {

    private static final Set<String> JOB_TOPICS = Set.of(Topics.BUILD_JOBS, Topics.SYNC_JOBS);

    private final Function<String, List<PartitionInfo>> partitionsFor;
    private final Map<String, AtomicLong> next = new ConcurrentHashMap<>();

    /** @param partitionsFor the producer's view of a topic's partitions (its metadata, refreshed by the client) */
    JobDispatch(Function<String, List<PartitionInfo>> partitionsFor) {
        this.partitionsFor = partitionsFor;
    }

    /** @return the partition for the next record of {@code topic}, or null to let the key decide */
    Integer partition(String topic) {
        if (!JOB_TOPICS.contains(topic)) {
            return null;
        }
        int count = partitionsFor.apply(topic).size();
        if (count == 0) {
            return null;
        }
        long turn = next.computeIfAbsent(topic, t -> new AtomicLong()).getAndIncrement();
        return (int) (turn % count);
    }
}
