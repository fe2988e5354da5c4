package dev.slipway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.common.job.JobEvent;
import dev.slipway.common.job.JobId;
import dev.slipway.common.job.JobJson;
import dev.slipway.common.job.JobStarted;
import dev.slipway.common.job.JobSucceeded;
import dev.slipway.common.job.LogChunk;
import dev.slipway.common.job.Topics;
import dev.slipway.gateway.support.Api;
import dev.slipway.gateway.support.Eventually;
import dev.slipway.gateway.support.GatewayTestResource;
import dev.slipway.gateway.support.KafkaSupport;
import dev.slipway.gateway.support.SseClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Fan-out of one job's events to many watchers: a hundred concurrent watchers each receive every event exactly once
 * from a single consumption of the topic, and a watcher that stops reading neither stalls the others nor loses events.
 */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class EventFanOutTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GROUP = "slipway-gateway";

    @TestHTTPResource("/api/v1/jobs/")
    URL jobs;

    @Test
    void aHundredWatchersEachGetEveryEventOnceInOrderFromOneConsumption() throws Exception {
        String user = "fanout";
        String token = Api.token(user);
        String id = submitPull(user);
        int lines = 300;
        List<SseClient> watchers = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                watchers.add(SseClient.open(jobs + id + "/events", token, null, null));
            }
            Eventually.within(Duration.ofSeconds(60), () -> watchers.forEach(w -> assertThat(w.events()).hasSize(1)));
            Eventually.within(Duration.ofSeconds(20),
                    () -> assertThat(metric("slipway_sse_subscribers")).isEqualTo(100));
            double consumedBefore = metric("slipway_job_events_consumed_total");

            List<JobEvent> emitted = emitLog(id, lines, 16);
            assertThat(emitted).hasSize(lines + 2);

            long total = lines + 3; // job-queued, job-started, the lines, job-succeeded
            List<Long> dense = LongStream.rangeClosed(1, total).boxed().toList();
            List<String> expectedLines = LongStream.range(0, lines).mapToObj(EventFanOutTest::line).toList();
            for (SseClient watcher : watchers) {
                watcher.awaitEnd(Duration.ofSeconds(60));
                List<SseClient.Event> events = watcher.events();
                assertThat(events).extracting(SseClient.Event::seq).containsExactlyElementsOf(dense);
                assertThat(events.get(0).name()).isEqualTo("job-queued");
                assertThat(events.get(events.size() - 1).name()).isEqualTo("job-succeeded");
                assertThat(logLines(events)).containsExactlyElementsOf(expectedLines);
            }
            // one consumption: each emitted record was consumed and recorded once, not once per watcher
            Eventually.within(Duration.ofSeconds(20), () -> assertThat(
                    metric("slipway_job_events_consumed_total") - consumedBefore).isEqualTo(lines + 2));
            assertThat(metric("slipway_sse_subscribers")).isZero(); // every stream closed after the terminal event
        } finally {
            for (SseClient watcher : watchers) {
                watcher.close();
            }
        }
        // ... by the gateway's single group member, whose committed offsets reach the end of the topic
        try (Admin admin = KafkaSupport.admin()) {
            assertThat(KafkaSupport.memberCount(admin, GROUP)).isEqualTo(1);
            Eventually.within(Duration.ofSeconds(20), () -> {
                try {
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                            .partitionsToOffsetAndMetadata().get();
                    Map<TopicPartition, OffsetSpec> ends = admin.describeTopics(List.of(Topics.JOB_EVENTS))
                            .allTopicNames().get().get(Topics.JOB_EVENTS).partitions().stream()
                            .map(p -> new TopicPartition(Topics.JOB_EVENTS, p.partition()))
                            .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
                    assertThat(ends).hasSize(12);
                    // a partition that never held a record has no commit; every other one is consumed to its end
                    admin.listOffsets(ends).all().get().forEach((partition, end) -> {
                        if (end.offset() > 0) {
                            assertThat(committed.get(partition)).as("%s", partition).isNotNull();
                            assertThat(committed.get(partition).offset()).as("%s", partition).isEqualTo(end.offset());
                        }
                    });
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
        }
    }

    @Test
    void aWatcherThatStopsReadingStallsNobodyAndLaterGetsEverythingOnce() throws Exception {
        String user = "fanout";
        String token = Api.token(user);
        String id = submitPull(user);
        double fellBehindBefore = metric("slipway_sse_fell_behind_total");
        URL events = new URL(jobs + id + "/events");
        // a client that opens the stream and then reads nothing: a tiny receive window, so the server's writes back up
        try (Socket stalled = new Socket();
                SseClient reader = SseClient.open(events.toString(), token, null, null)) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress(events.getHost(), events.getPort()), 5_000);
            OutputStream out = stalled.getOutputStream();
            out.write(("GET " + events.getPath() + " HTTP/1.1\r\nHost: " + events.getHost() + ":" + events.getPort()
                    + "\r\nAuthorization: Bearer " + token + "\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Eventually.within(Duration.ofSeconds(20), () -> assertThat(reader.events()).hasSize(1));
            Eventually.within(Duration.ofSeconds(20), () -> assertThat(metric("slipway_sse_subscribers")).isEqualTo(2));

            int lines = 3_000; // 4 KB each: far more than the socket buffers and the watcher's bound hold
            emitLog(id, lines, 4096);
            long total = lines + 3;
            reader.awaitEnd(Duration.ofSeconds(90));
            assertThat(reader.events()).extracting(SseClient.Event::seq)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
            assertThat(metric("slipway_sse_fell_behind_total")).isGreaterThan(fellBehindBefore);

            // the stalled client now reads: it gets every event exactly once, in order, and the stream ends
            stalled.setSoTimeout(60_000);
            List<Long> seqs = new ArrayList<>();
            List<String> names = new ArrayList<>();
            String body = readChunkedBody(new BufferedInputStream(stalled.getInputStream()));
            for (String block : body.split("\n\n")) {
                Matcher seq = Pattern.compile("(?m)^id:\\s*(\\d+)$").matcher(block);
                Matcher name = Pattern.compile("(?m)^event:\\s*(\\S+)$").matcher(block);
                if (seq.find() && name.find()) {
                    seqs.add(Long.parseLong(seq.group(1)));
                    names.add(name.group(1));
                }
            }
            assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
            assertThat(names.get(names.size() - 1)).isEqualTo("job-succeeded");
        }
    }

    private static String submitPull(String user) {
        return Api.as(user).contentType(ContentType.JSON).body(Map.of("image", "busybox"))
                .post("/api/v1/pulls").then().statusCode(202).extract().path("id");
    }

    private static String line(long i) {
        return "line " + i;
    }

    /** Plays the worker: job-started, {@code lines} log chunks padded to {@code size} characters, job-succeeded. */
    private static List<JobEvent> emitLog(String id, int lines, int size) throws Exception {
        JobId job = JobId.parse(id);
        List<JobEvent> events = new ArrayList<>();
        long seq = 0;
        events.add(new JobStarted(job, 1, seq++, Instant.now(), "fan-out"));
        for (int i = 0; i < lines; i++) {
            String text = line(i) + " ".repeat(Math.max(0, size - line(i).length() - 1)) + "\n";
            events.add(new LogChunk(job, 1, seq++, Instant.now(), LogChunk.Stream.STDOUT, text, null));
        }
        events.add(new JobSucceeded(job, 1, seq, Instant.now(), Map.of(), null, List.of()));
        try (KafkaProducer<String, byte[]> producer = KafkaSupport.producer()) {
            for (JobEvent event : events) {
                producer.send(new ProducerRecord<>(Topics.JOB_EVENTS, id, JobJson.write(event)));
            }
            producer.flush();
        }
        return events;
    }

    private static List<String> logLines(List<SseClient.Event> events) {
        return events.stream().filter(e -> "log".equals(e.name())).map(e -> {
            try {
                return JSON.readTree(e.data()).path("text").asText().strip();
            } catch (IOException x) {
                throw new AssertionError(x);
            }
        }).toList();
    }

    /** @return the value of an unlabelled Prometheus metric */
    private static double metric(String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? (\\S+)$")
                .matcher(RestAssured.get("/q/metrics").asString());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** Reads an HTTP/1.1 response to its end and returns the body, de-chunked. */
    private static String readChunkedBody(InputStream in) throws IOException {
        String header;
        boolean chunked = false;
        while (!(header = readLine(in)).isEmpty()) {
            String lower = header.toLowerCase();
            chunked |= lower.startsWith("transfer-encoding:") && lower.contains("chunked");
        }
        assertThat(chunked).as("a chunked event stream").isTrue();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            int size = Integer.parseInt(readLine(in).split(";")[0].trim(), 16);
            if (size == 0) {
                return body.toString(StandardCharsets.UTF_8);
            }
            body.write(in.readNBytes(size));
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        if (b == -1 && line.size() == 0) {
            throw new IOException("the stream ended early");
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
