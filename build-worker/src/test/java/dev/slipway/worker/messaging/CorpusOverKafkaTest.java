package dev.slipway.worker.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.common.job.BuildSpec;
import dev.slipway.common.job.JobEvent;
import dev.slipway.common.job.JobFailed;
import dev.slipway.common.job.JobId;
import dev.slipway.common.job.JobJson;
import dev.slipway.common.job.JobKind;
import dev.slipway.common.job.JobRequest;
import dev.slipway.common.job.JobSucceeded;
import dev.slipway.common.job.Topics;
import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.ImageReference;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.registry.client.CredentialsProvider;
import dev.slipway.worker.registry.LayerStore;
import dev.slipway.worker.testing.BusyboxRootfs;
import dev.slipway.worker.testing.ContextTar;
import dev.slipway.worker.testing.Expectations;
import dev.slipway.worker.testing.PulledImage;
import dev.slipway.worker.testing.RegistryResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every build context of {@code src/test/resources/corpus} built end to end: a job on a real Kafka broker, runc and
 * overlayfs in the worker, the image in a real registry, pulled back with skopeo, unpacked with umoci and checked
 * against the context's {@code expect} file.
 */
@QuarkusTest
@QuarkusTestResource(RegistryResource.class)
class CorpusOverKafkaTest {

    static final Path CORPUS = Path.of("src/test/resources/corpus");

    @TempDir
    Path tmp;

    @Test
    void everyCorpusContextBuildsAndMatchesItsExpectations() throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getenv("SLIPWAY_TEST_KAFKA"));
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getenv("SLIPWAY_TEST_KAFKA"));
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "bw-corpus-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
             KafkaConsumer<String, byte[]> events = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            events.subscribe(List.of(Topics.JOB_EVENTS));
            LayerStore registry = LayerStore.connect(URI.create(RegistryResource.registry.url()),
                    CredentialsProvider.ANONYMOUS);

            Path base = Files.createDirectories(tmp.resolve("base"));
            BusyboxRootfs.create(Files.createDirectories(base.resolve("rootfs")));
            Files.writeString(base.resolve("Dockerfile"), "FROM scratch\nCOPY rootfs/ /\nCMD [\"/bin/sh\"]\n");
            JobEvent baseDone = run(producer, events, registry, base, new Expectations(), "base/busybox:1");
            assertThat(baseDone).isInstanceOf(JobSucceeded.class);

            List<Path> contexts;
            try (Stream<Path> s = Files.list(CORPUS)) {
                contexts = new ArrayList<>(s.filter(Files::isDirectory).sorted().toList());
            }
            contexts.sort(Comparator.comparing(d -> {
                try {
                    return Expectations.read(d.resolve("expect")).after != null;
                } catch (Exception e) {
                    return false;
                }
            }));
            assertThat(contexts).hasSizeGreaterThanOrEqualTo(12);
            List<String> failures = new ArrayList<>();
            for (Path ctx : contexts) {
                String name = ctx.getFileName().toString();
                Expectations expect = Expectations.read(ctx.resolve("expect"));
                String tag = expect.tag != null ? expect.tag : "corpus/" + name + ":1";
                JobEvent done = run(producer, events, registry, ctx, expect, tag);
                if (!(done instanceof JobSucceeded)) {
                    failures.add(name + ": " + (done instanceof JobFailed f ? f.message() : done));
                    continue;
                }
                try {
                    expect.check(PulledImage.pull(RegistryResource.registry.host() + "/" + tag, tmp.resolve("pulled-" + name)));
                } catch (AssertionError e) {
                    failures.add(name + ": " + e.getMessage());
                }
            }
            assertThat(failures).isEmpty();
        }
    }

    private static JobEvent run(KafkaProducer<String, byte[]> producer, KafkaConsumer<String, byte[]> events,
                                LayerStore registry, Path ctx, Expectations expect, String tag) throws Exception {
        byte[] tar = ContextTar.of(ctx);
        Digest digest = registry.pushBlob(RepositoryName.parse(BuildSpec.CONTEXT_REPOSITORY), tar);
        JobId id = new JobId(UUID.randomUUID());
        BuildSpec spec = new BuildSpec(digest, tar.length, List.of(ImageReference.parse(tag)), expect.args, expect.target,
                null, false, null, java.util.Map.of(), expect.secrets);
        producer.send(new ProducerRecord<>(Topics.BUILD_JOBS, id.toString(),
                JobJson.write(new JobRequest(id, JobKind.BUILD, 1, "corpus", spec)))).get();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, byte[]> r : events.poll(Duration.ofMillis(200))) {
                JobEvent e = JobJson.read(r.value(), JobEvent.class);
                if (e.jobId().equals(id) && e.resultingState() != null && e.resultingState().isTerminal()) {
                    return e;
                }
            }
        }
        throw new AssertionError("no terminal event for " + ctx.getFileName());
    }
}
