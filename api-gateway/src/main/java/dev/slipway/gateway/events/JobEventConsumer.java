package dev.slipway.gateway.events;

import dev.slipway.common.job.JobEvent;
import dev.slipway.common.job.JobJson;
import dev.slipway.gateway.job.JobTransitions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * The gateway's single consumption of {@code slipway.job-events}: one thread polls, records the whole poll in one
 * transaction ({@link JobTransitions#ingest}), which fans the committed events out to every watcher in-process, and
 * only then commits the offsets — a crash redelivers, and redelivered events are dropped as duplicates.
 *
 * <p>A plain {@link KafkaConsumer} on one thread rather than a SmallRye batch channel: polling and recording
 * alternate, so whatever arrived while a transaction ran is the next batch — the batch grows with the load and the
 * per-transaction cost is shared by more events, instead of small polls queueing up behind each other (the old
 * channel queued up to two polls' worth of small batches, i.e. up to a second of events at 1,000/s, each with its own
 * transaction and a hop to a worker thread).
 */
@ApplicationScoped
class JobEventConsumer {

    private static final Logger LOG = Logger.getLogger(JobEventConsumer.class);
    /** How long one poll waits when nothing arrives (a shutdown cuts it short with wakeup). */
    private static final Duration POLL = Duration.ofSeconds(1);

    private final JobTransitions transitions;
    private final JobEventsConfig config;
    private final Map<String, Object> kafka;
    private final Counter consumed;
    private final Counter batches;
    private volatile boolean running;
    private KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    JobEventConsumer(JobTransitions transitions, JobEventsConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafka, MeterRegistry registry) {
        this.transitions = transitions;
        this.config = config;
        this.kafka = kafka;
        this.consumed = Counter.builder("slipway.job.events.consumed")
                .description("records consumed from slipway.job-events and recorded (each once, whatever the watchers)")
                .register(registry);
        this.batches = Counter.builder("slipway.job.events.batches")
                .description("transactions that recorded consumed job events")
                .register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.get("bootstrap.servers"));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.group());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "slipway-gateway-job-events");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxBatch());
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) config.sessionTimeout().toMillis());
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) config.heartbeatInterval().toMillis());
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) config.fetchMaxWait().toMillis());
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        running = true;
        thread = new Thread(this::loop, "job-events-consumer");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            thread.join(Duration.ofSeconds(10).toMillis());
        }
    }

    private void loop() {
        try {
            consumer.subscribe(List.of(config.topic()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    // runs inside poll() or close(), between batches: everything consumed so far is recorded, so
                    // the next owner starts right after it rather than at an asynchronous commit still in flight
                    try {
                        consumer.commitSync();
                    } catch (RuntimeException e) {
                        LOG.debugf("job events offsets not committed on revocation: %s", e.toString());
                    }
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    LOG.debugf("job events: assigned %s", partitions);
                }
            });
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                if (!records.isEmpty()) {
                    record(records);
                }
            }
        } catch (WakeupException e) {
            // shutting down
        } catch (RuntimeException e) {
            LOG.errorf(e, "the job event consumer stopped");
        } finally {
            consumer.close(); // leaves the group; onPartitionsRevoked commits what was recorded
        }
    }

    /** Records one poll, then commits its offsets; if recording fails, rewinds so the same records come again. */
    private void record(ConsumerRecords<String, byte[]> records) {
        List<JobEvent> events = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                events.add(JobJson.read(record.value(), JobEvent.class));
            } catch (IllegalArgumentException e) {
                // a malformed record must not stop the stream for every other job
                LOG.warnf("dropping an unreadable job event at %s-%d@%d: %s", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
            }
        }
        try {
            if (!events.isEmpty()) {
                transitions.ingest(events);
                batches.increment();
            }
        } catch (RuntimeException e) {
            LOG.warnf("job events not recorded, retrying in %s: %s", config.retryBackoff(), e.toString());
            for (TopicPartition partition : records.partitions()) {
                consumer.seek(partition, records.records(partition).get(0).offset());
            }
            sleep(config.retryBackoff());
            return;
        }
        consumed.increment(records.count());
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> ofPartition = records.records(partition);
            offsets.put(partition, new OffsetAndMetadata(ofPartition.get(ofPartition.size() - 1).offset() + 1));
        }
        // asynchronous: a commit lost in a crash only means a redelivery, which is dropped as duplicates
        consumer.commitAsync(offsets, (committed, failure) -> {
            if (failure != null) {
                LOG.debugf("job events offset commit failed (a later one supersedes it): %s", failure.toString());
            }
        });
    }

    private void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
