package dev.slipway.gateway.outbox;

import dev.slipway.gateway.config.GatewayConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows: claim (committed), send and wait for the broker's acknowledgement, then mark sent.
 *
 * <p>A plain idempotent {@link KafkaProducer} (acks=all) rather than a SmallRye emitter: the relay needs the
 * broker's acknowledgement of a whole batch before it marks the rows, and a header carrying the outbox id; with the
 * producer API both are direct, with an emitter they would hide behind message acks.
 *
 * <p>Plain JDBC in auto-commit mode: a claim is one statement (select, lock and stamp in one
 * {@code UPDATE … RETURNING}), a mark is one {@code UPDATE}; each is its own transaction, with no ORM session or JTA
 * transaction around it. Under load the relay runs a round every few milliseconds, so these fixed costs were a tenth
 * of the gateway's CPU per job.
 *
 * <p>Exactly once across crashes: a row claimed but never marked (the gateway died between send and mark) is checked
 * against the tail of its topic, where every record carries its outbox id in a header, before it is sent again.
 */
@ApplicationScoped
class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    static final String OUTBOX_ID_HEADER = "slipway-outbox-id";
    /** A claim older than this without a mark belongs to a relay that died. */
    private static final Duration ORPHAN_AFTER = Duration.ofSeconds(10);
    private static final Duration HOUSEKEEPING_EVERY = Duration.ofMinutes(1);
    private static final Duration KEEP_SENT = Duration.ofHours(1);
    /** After a wake-up, let concurrent submissions commit too, so one round trip publishes many rows. */
    private static final Duration GATHER = Duration.ofMillis(3);

    private final DataSource dataSource;
    private final GatewayConfig config;
    private final Map<String, Object> kafka;
    private final Object signal = new Object();
    private boolean signalled;
    private volatile boolean running;
    private KafkaProducer<String, byte[]> producer;
    private JobDispatch dispatch;
    private Thread thread;
    private Instant nextHousekeeping = Instant.now();

    OutboxRelay(DataSource dataSource, GatewayConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.dataSource = dataSource;
        this.config = config;
        this.kafka = kafka;
    }

    void onStart(@Observes StartupEvent event) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.get("bootstrap.servers"));
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "slipway-gateway-outbox");
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        dispatch = new JobDispatch(producer::partitionsFor);
        running = true;
        thread = new Thread(this::loop, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        wake();
        if (thread != null) {
            thread.join(Duration.ofSeconds(10).toMillis());
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** Tells the relay new rows were committed. */
    void wake() {
        synchronized (signal) {
            signalled = true;
            signal.notifyAll();
        }
    }

    private void loop() {
        while (running) {
            try {
                int published = relayOnce();
                if (published < config.outbox().batchSize()) {
                    awaitSignal();
                }
            } catch (RuntimeException | SQLException e) {
                // Kafka or the database is away: the rows stay claimed and are re-checked once they are orphans.
                LOG.warnf("outbox relay round failed, retrying: %s", e.toString());
                sleepQuietly(Duration.ofSeconds(1));
            }
        }
    }

    private void awaitSignal() {
        synchronized (signal) {
            if (!signalled) {
                try {
                    signal.wait(config.outbox().pollInterval().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
            signalled = false;
        }
        sleepQuietly(GATHER);
    }

    /** @return how many rows this round published */
    int relayOnce() throws SQLException {
        List<Claimed> claimed = claim();
        if (claimed.isEmpty()) {
            housekeeping();
            return 0;
        }
        List<Claimed> orphans = claimed.stream().filter(Claimed::orphan).toList();
        Set<Long> alreadyPublished = orphans.isEmpty() ? Set.of() : alreadyPublished(orphans);
        List<Long> done = new ArrayList<>(alreadyPublished);
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        List<Claimed> sent = new ArrayList<>();
        for (Claimed row : claimed) {
            if (alreadyPublished.contains(row.id())) {
                continue;
            }
            ProducerRecord<String, byte[]> record =
                    new ProducerRecord<>(row.topic(), dispatch.partition(row.topic()), row.key(), row.payload());
            record.headers().add(OUTBOX_ID_HEADER, ByteBuffer.allocate(Long.BYTES).putLong(row.id()).array());
            futures.add(producer.send(record));
            sent.add(row);
        }
        for (int i = 0; i < futures.size(); i++) {
            try {
                futures.get(i).get();
                done.add(sent.get(i).id());
            } catch (ExecutionException e) {
                LOG.warnf("publishing outbox row %d to %s failed: %s", sent.get(i).id(), sent.get(i).topic(),
                        e.getCause().toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!done.isEmpty()) {
            markSent(done);
        }
        if (!alreadyPublished.isEmpty()) {
            LOG.infof("outbox: %d row(s) were already on Kafka after a crash and were not sent again",
                    alreadyPublished.size());
        }
        return done.size();
    }

    /** Claims the oldest unsent rows nobody holds (or that an orphaned claim holds), in id order. */
    private List<Claimed> claim() throws SQLException {
        List<Claimed> claimed = new ArrayList<>();
        try (Connection connection = autoCommitting();
                PreparedStatement claim = connection.prepareStatement("""
                        with picked as (
                            select id, claimed_at from outbox
                            where sent_at is null and (claimed_at is null or claimed_at < ?)
                            order by id limit ? for update skip locked)
                        update outbox o set claimed_at = now() from picked where o.id = picked.id
                        returning o.id, o.topic, o.record_key, o.payload, picked.claimed_at is not null""")) {
            claim.setTimestamp(1, Timestamp.from(Instant.now().minus(ORPHAN_AFTER)));
            claim.setInt(2, config.outbox().batchSize());
            try (ResultSet rows = claim.executeQuery()) {
                while (rows.next()) {
                    claimed.add(new Claimed(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getBytes(4),
                            rows.getBoolean(5)));
                }
            }
        }
        // RETURNING has no order; records of one key must leave in the order they were written
        claimed.sort(Comparator.comparingLong(Claimed::id));
        return claimed;
    }

    /** @return a pooled connection on which each statement is its own transaction */
    private Connection autoCommitting() throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(true); // the pool's default; said here because every statement below relies on it
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /** Marks rows sent, in a transaction of its own (auto-commit). */
    private void markSent(List<Long> ids) throws SQLException {
        try (Connection connection = autoCommitting();
                PreparedStatement mark =
                        connection.prepareStatement("update outbox set sent_at = now() where id = any(?)")) {
            mark.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
            mark.executeUpdate();
        }
    }

    /**
     * Reads the tail of each topic an orphan belongs to and returns the orphans found there. Claims are at most one
     * batch, so an unmarked record sits within the last batch-size records of its partition.
     */
    private Set<Long> alreadyPublished(List<Claimed> orphans) {
        Set<Long> wanted = orphans.stream().map(Claimed::id).collect(Collectors.toSet());
        Set<String> topics = orphans.stream().map(Claimed::topic).collect(Collectors.toSet());
        Set<Long> found = new HashSet<>();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.get("bootstrap.servers"));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> remaining = new HashMap<>();
            for (TopicPartition tp : partitions) {
                long from = Math.max(begin.get(tp), end.get(tp) - 2L * config.outbox().batchSize());
                consumer.seek(tp, from);
                if (end.get(tp) > from) {
                    remaining.put(tp, end.get(tp));
                }
            }
            Instant deadline = Instant.now().plusSeconds(30);
            while (!remaining.isEmpty() && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Header header = record.headers().lastHeader(OUTBOX_ID_HEADER);
                    if (header != null && header.value().length == Long.BYTES) {
                        long id = ByteBuffer.wrap(header.value()).getLong();
                        if (wanted.contains(id)) {
                            found.add(id);
                        }
                    }
                }
                remaining.keySet().removeIf(tp -> consumer.position(tp) >= remaining.get(tp));
            }
            if (!remaining.isEmpty()) {
                throw new IllegalStateException("could not read the tail of " + remaining.keySet());
            }
        }
        return found;
    }

    private void housekeeping() throws SQLException {
        if (Instant.now().isBefore(nextHousekeeping)) {
            return;
        }
        nextHousekeeping = Instant.now().plus(HOUSEKEEPING_EVERY);
        try (Connection connection = autoCommitting();
                PreparedStatement delete = connection.prepareStatement("delete from outbox where sent_at < ?")) {
            delete.setTimestamp(1, Timestamp.from(Instant.now().minus(KEEP_SENT)));
            delete.executeUpdate();
        }
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Claimed(long id, String topic, String key, byte[] payload, boolean orphan) {
    }
}
