package dev.slipway.e2e.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Every job record the gateway published on the farm's job topics, read straight from the broker (no consumer group,
 * from the first offset to the current end), so a test can tell how often each job was published.
 */
public final class PublishedJobs {

    /** The topics jobs are published on (build-worker's and registry-sync's). */
    public static final List<String> TOPICS = List.of("slipway.jobs.build", "slipway.jobs.sync");

    private static final ObjectMapper JSON = new ObjectMapper();

    private PublishedJobs() {
    }

    /**
     * @param bootstrapServers the farm's broker
     * @return job id → the attempt numbers of its records, in offset order per partition
     */
    public static Map<String, List<Integer>> read(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, List<Integer>> attempts = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : TOPICS) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30))
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("could not read the job topics to their end " + end);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode request = JSON.readTree(record.value());
                    JsonNode id = request.path("jobId");
                    String jobId = id.isObject() ? id.path("value").asText() : id.asText();
                    attempts.computeIfAbsent(jobId, k -> new ArrayList<>()).add(request.path("attempt").asInt());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("a job record is not JSON", e);
        }
        return attempts;
    }
}
