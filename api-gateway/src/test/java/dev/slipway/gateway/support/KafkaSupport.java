package dev.slipway.gateway.support;

import dev.slipway.common.job.JobEvent;
import dev.slipway.common.job.JobJson;
import dev.slipway.common.job.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients playing the other services: a worker consuming jobs and emitting events. */
public final class KafkaSupport {

    private KafkaSupport() {
    }

    /** @return the broker the tests use */
    public static String bootstrap() {
        return System.getenv("SLIPWAY_TEST_KAFKA");
    }

    /** @return an admin client of the test broker (close it) */
    public static Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        return Admin.create(props);
    }

    /** @return how many members consumer group {@code group} has now */
    public static int memberCount(Admin admin, String group) throws InterruptedException, ExecutionException {
        return admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get().members().size();
    }

    /** @return a consumer of {@code topic} in a fresh group, from the beginning */
    public static KafkaConsumer<String, byte[]> consumer(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "gateway-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /**
     * Polls until {@code count} records keyed {@code key} have arrived, then polls {@code settle} longer for any extra.
     *
     * @return every record with that key seen
     */
    public static List<ConsumerRecord<String, byte[]>> records(KafkaConsumer<String, byte[]> consumer, String key,
            int count, Duration timeout, Duration settle) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        Instant deadline = Instant.now().plus(timeout);
        Instant settleUntil = null;
        while (Instant.now().isBefore(settleUntil != null ? settleUntil : deadline)) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (key.equals(record.key())) {
                    found.add(record);
                }
            }
            if (found.size() >= count && settleUntil == null) {
                settleUntil = Instant.now().plus(settle);
            }
        }
        return found;
    }

    /** @return a producer like a worker's */
    public static KafkaProducer<String, byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** Emits an event as a worker would: keyed by job id, JobJson bytes. */
    public static void emit(KafkaProducer<String, byte[]> producer, JobEvent event) throws Exception {
        producer.send(new ProducerRecord<>(Topics.JOB_EVENTS, event.jobId().toString(), JobJson.write(event))).get();
    }
}
