package dev.slipway.sync.testing;

import dev.slipway.common.job.JobEvent;
import dev.slipway.common.job.JobId;
import dev.slipway.common.job.JobJson;
import dev.slipway.common.job.JobRequest;
import dev.slipway.common.job.JobSpec;
import dev.slipway.common.job.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Submits jobs to {@code slipway.jobs.sync} the way the gateway does and reads their events back from Kafka. */
public final class KafkaJobs {

    private KafkaJobs() { }

    /** The test broker, from {@code SLIPWAY_TEST_KAFKA}. */
    public static String bootstrap() {
        String value = System.getenv("SLIPWAY_TEST_KAFKA");
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("SLIPWAY_TEST_KAFKA must name a Kafka broker (host:port) for the tests");
        }
        return value;
    }

    /** Publishes a job (attempt 1, owner {@code tester}) and returns its id. */
    public static JobId submit(JobSpec spec) {
        JobId id = new JobId(UUID.randomUUID());
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.SYNC_JOBS, id.value().toString(),
                    JobJson.write(new JobRequest(id, spec.kind(), 1, "tester", spec)))).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish the job", e);
        }
        return id;
    }

    /** Every event of the job until its terminal one (or the timeout), in producer order. */
    public static List<JobEvent> awaitEnd(JobId id, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<JobEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(Topics.JOB_EVENTS)) {
                partitions.add(new TopicPartition(p.topic(), p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (!id.value().toString().equals(record.key())) {
                        continue;
                    }
                    JobEvent event = JobJson.read(record.value(), JobEvent.class);
                    events.add(event);
                    if (event.resultingState() != null && event.resultingState().isTerminal()) {
                        return events;
                    }
                }
            }
        }
        throw new AssertionError("job " + id.value() + " did not end within " + timeout + "; events: " + events);
    }
}
