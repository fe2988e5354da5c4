package dev.slipway.localkafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link LocalKafka} as {@code ./slipway} does — its own JVM on free loopback ports — and checks what a user of
 * the farm relies on: the READY line, the Slipway topics with their partition counts, and a restart on the same folder
 * that keeps the topics and their records.
 */
class LocalKafkaTest {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private Process broker;

    @AfterEach
    void stopBroker() throws InterruptedException {
        if (broker != null && broker.isAlive()) {
            broker.destroy();
            if (!broker.waitFor(30, TimeUnit.SECONDS)) {
                broker.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void startsABrokerWithTheSlipwayTopicsAndKeepsThemAcrossARestart() throws Exception {
        int brokerPort = freePort();
        int controllerPort = freePort();
        Path logDir = dir.resolve("kafka");

        String ready = startBroker(brokerPort, controllerPort, logDir, dir.resolve("first.log"));
        String bootstrap = "127.0.0.1:" + brokerPort;
        assertThat(ready).startsWith("READY bootstrap=" + bootstrap + " created=4 ");
        Properties written = new Properties();
        try (Reader in = Files.newBufferedReader(logDir.resolve("server.properties"))) {
            written.load(in);
        }
        assertThat(written.getProperty("advertised.listeners")).isEqualTo("PLAINTEXT://" + bootstrap);

        try (Admin admin = admin(bootstrap)) {
            assertThat(partitionCounts(admin)).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "slipway.jobs.build", 12,
                    "slipway.jobs.sync", 12,
                    "slipway.job-events", 12,
                    "slipway.job-control", 1));
        }
        send(bootstrap, "slipway.job-control", "job-1", "cancel");

        stopBroker();
        String readyAgain = startBroker(brokerPort, controllerPort, logDir, dir.resolve("second.log"));
        assertThat(readyAgain).contains(" created=0 ");

        try (Admin admin = admin(bootstrap)) {
            assertThat(partitionCounts(admin)).containsEntry("slipway.jobs.build", 12).hasSize(4);
        }
        assertThat(readAll(bootstrap, "slipway.job-control")).containsExactly("job-1=cancel");
    }

    @Test
    void rejectsACommandLineWithoutTheLogFolder() throws Exception {
        Process process = new ProcessBuilder(javaCommand("--broker-port", "1", "--controller-port", "2"))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).isEqualTo(2);
        assertThat(output).contains("--log-dir").contains("usage:");
    }

    private String startBroker(int brokerPort, int controllerPort, Path logDir, Path log) throws Exception {
        broker = new ProcessBuilder(javaCommand(
                "--broker-port", Integer.toString(brokerPort),
                "--controller-port", Integer.toString(controllerPort),
                "--log-dir", logDir.toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            Optional<String> ready = Files.readAllLines(log).stream()
                    .filter(line -> line.startsWith(LocalKafka.READY)).findFirst();
            if (ready.isPresent()) {
                return ready.get();
            }
            if (!broker.isAlive()) {
                fail("broker exited with " + broker.exitValue() + ":\n" + Files.readString(log));
            }
            Thread.sleep(200);
        }
        return fail("no READY line within " + READY_TIMEOUT + ":\n" + Files.readString(log));
    }

    private static List<String> javaCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), LocalKafka.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    private static Map<String, Integer> partitionCounts(Admin admin) throws Exception {
        Map<String, TopicDescription> topics = admin.describeTopics(admin.listTopics().names().get())
                .allTopicNames().get();
        return topics.values().stream()
                .filter(t -> t.name().startsWith("slipway."))
                .collect(Collectors.toMap(TopicDescription::name, t -> t.partitions().size()));
    }

    private static void send(String bootstrap, String topic, String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> readAll(String bootstrap, String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "local-kafka-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plusSeconds(30);
            List<String> seen = new ArrayList<>();
            while (seen.isEmpty() && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    seen.add(record.key() + "=" + record.value());
                }
            }
            return seen;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
