package dev.slipway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.gateway.support.Eventually;
import dev.slipway.gateway.support.GatewayTestResource;
import dev.slipway.gateway.support.KafkaSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * What a gateway killed mid-relay leaves behind, and how the relay of the next start treats it: a row sent but never
 * marked is found on Kafka and not sent again; a row claimed but never sent is sent once; fresh rows are sent once.
 */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class OutboxRecoveryTest {

    private static final String HEADER = "slipway-outbox-id";

    private static Connection db() throws SQLException {
        return DriverManager.getConnection(System.getenv("SLIPWAY_TEST_JDBC_URL"), "slipway", "slipway");
    }

    private static long nextId(Connection c) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery("select nextval('gateway.outbox_seq')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void insert(Connection c, long id, String topic, boolean claimedLongAgo) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into gateway.outbox (id, topic, record_key, payload, "
                + "created_at, claimed_at) values (?, ?, ?, ?, now(), " + (claimedLongAgo ? "now() - interval '1 minute'" : "null") + ")")) {
            ps.setLong(1, id);
            ps.setString(2, topic);
            ps.setString(3, "key-" + id);
            ps.setBytes(4, ("payload " + id).getBytes(StandardCharsets.UTF_8));
            ps.executeUpdate();
        }
    }

    @Test
    void rowsLeftByACrashArePublishedExactlyOnce() throws Exception {
        String topic = "gateway-test.outbox-" + UUID.randomUUID();
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaSupport.bootstrap());
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        }
        try (Connection c = db(); KafkaProducer<String, byte[]> producer = KafkaSupport.producer()) {
            long sentButUnmarked = nextId(c);
            long claimedNeverSent = nextId(c);
            long fresh = nextId(c);
            // the dead relay had published this one: it is on Kafka with its outbox id
            ProducerRecord<String, byte[]> earlier = new ProducerRecord<>(topic, "key-" + sentButUnmarked,
                    ("payload " + sentButUnmarked).getBytes(StandardCharsets.UTF_8));
            earlier.headers().add(HEADER, ByteBuffer.allocate(8).putLong(sentButUnmarked).array());
            producer.send(earlier).get();
            insert(c, sentButUnmarked, topic, true);
            insert(c, claimedNeverSent, topic, true);
            insert(c, fresh, topic, false);

            Eventually.within(Duration.ofSeconds(30), () -> {
                try (ResultSet rs = c.createStatement().executeQuery("select count(*) from gateway.outbox where id in ("
                        + sentButUnmarked + "," + claimedNeverSent + "," + fresh + ") and sent_at is not null")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(3);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });

            Map<Long, Integer> copies = new HashMap<>();
            try (KafkaConsumer<String, byte[]> consumer = KafkaSupport.consumer(topic)) {
                Eventually.within(Duration.ofSeconds(20), () -> {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        Header header = record.headers().lastHeader(HEADER);
                        copies.merge(ByteBuffer.wrap(header.value()).getLong(), 1, Integer::sum);
                    }
                    assertThat(copies.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThanOrEqualTo(3);
                });
                for (int i = 0; i < 4; i++) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        copies.merge(ByteBuffer.wrap(record.headers().lastHeader(HEADER).value()).getLong(), 1, Integer::sum);
                    }
                }
            }
            assertThat(copies).containsExactlyInAnyOrderEntriesOf(Map.of(sentButUnmarked, 1, claimedNeverSent, 1, fresh, 1));
        }
    }
}
