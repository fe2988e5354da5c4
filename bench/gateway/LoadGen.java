/*
 * Load generator for bench/gateway/run.sh (single-file Java program: `java -cp <kafka-clients, jackson, common> LoadGen.java ...`).
 *
 *   topics  BOOTSTRAP                          create Slipway's topics (idempotent)
 *   submit  URL TOKEN JOBS CONCURRENCY OUT     POST /api/v1/pulls JOBS times; prints jobs/s, p50/p99; writes accepted ids to OUT
 *   events  URL TOKEN BOOTSTRAP EVENTS RATE [WARMUP]
 *                                              one job, one SSE watcher, EVENTS log events emitted at RATE/s (0 = flat out),
 *                                              after WARMUP events on another job; prints emit → SSE receipt latency p50/p99
 *   verify  URL TOKEN BOOTSTRAP IDS            every id in IDS is a job the gateway knows and was published exactly once
 *   emit    BOOTSTRAP JOB EVENTS RATE          play a worker: job-started, EVENTS log lines at RATE/s, job-succeeded
 *   replay  URL TOKEN JOB EVENTS               the job's SSE replay holds every log line exactly once, seq 1..n dense
 */

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.common.job.JobId;
import dev.slipway.common.job.JobJson;
import dev.slipway.common.job.JobStarted;
import dev.slipway.common.job.JobSucceeded;
import dev.slipway.common.job.LogChunk;
import dev.slipway.common.job.Topics;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

public class LoadGen {

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * HTTP/1.1 with keep-alive, one connection per request in flight, as curl, slip and most REST clients talk to the
     * API; HTTP_VERSION=2 multiplexes every request over one h2c connection (the JDK client's default).
     */
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version("2".equals(System.getenv("HTTP_VERSION")) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "topics" -> topics(args[1]);
            case "submit" -> submit(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]), Path.of(args[5]));
            case "events" -> events(args[1], args[2], args[3], Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                    args.length > 6 ? Integer.parseInt(args[6]) : 0);
            case "verify" -> verify(args[1], args[2], args[3], Path.of(args[4]));
            case "emit" -> emit(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            case "replay" -> replay(args[1], args[2], args[3], Integer.parseInt(args[4]));
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    static void topics(String bootstrap) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (NewTopic t : List.of(new NewTopic(Topics.BUILD_JOBS, 12, (short) 1), new NewTopic(Topics.SYNC_JOBS, 12, (short) 1),
                    new NewTopic(Topics.JOB_EVENTS, 12, (short) 1), new NewTopic(Topics.JOB_CONTROL, 1, (short) 1))) {
                if (!existing.contains(t.name())) {
                    missing.add(t);
                }
            }
            admin.createTopics(missing).all().get();
        }
    }

    /**
     * Submits pull jobs with a bounded number in flight; records each acknowledged id. Before the measured window,
     * WARMUP submissions (env, default 200) at the same concurrency warm the gateway's JIT, pools and connections;
     * they are not counted. With READY and GO (env: file paths) set, the warm-up's end is announced by creating READY
     * and the window starts once GO exists, so the caller can snapshot CPU counters exactly at the window's edges.
     */
    static void submit(String url, String token, int jobs, int concurrency, Path out) throws Exception {
        byte[] body = "{\"image\":\"bench/absent-upstream:latest\"}".getBytes(StandardCharsets.UTF_8);
        int warmup = System.getenv("NO_WARMUP") != null ? 0 : Integer.parseInt(System.getenv().getOrDefault("WARMUP", "200"));
        if (warmup > 0) {
            Window w = window(url, token, body, warmup, concurrency, null);
            System.out.printf("submit warm-up (not counted): %d jobs, %d accepted, %.1f s -> %.0f accepted jobs/s; p50 %.1f ms, p99 %.1f ms%n",
                    warmup, w.accepted, w.seconds, w.accepted / w.seconds, w.percentile(0.5), w.percentile(0.99));
        }
        String ready = System.getenv("READY");
        String go = System.getenv("GO");
        if (ready != null && go != null) {
            Files.createFile(Path.of(ready));
            while (!Files.exists(Path.of(go))) {
                Thread.sleep(5);
            }
        }
        // each acknowledged id is written at once, so a crash test can kill the gateway right after an acknowledgement
        try (java.io.PrintWriter acked = new java.io.PrintWriter(Files.newBufferedWriter(out), true)) {
            long cpu0 = processCpuNanos();
            Window w = window(url, token, body, jobs, concurrency, acked);
            long cpu = processCpuNanos() - cpu0;
            System.out.printf("submit: %d jobs, %d accepted, %d failed, concurrency %d, %.1f s -> %.0f accepted jobs/s; "
                            + "latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    jobs, w.accepted, jobs - w.accepted, concurrency, w.seconds, w.accepted / w.seconds,
                    w.percentile(0.5), w.percentile(0.99), w.percentile(1.0));
            System.out.printf("submit loadgen cpu: %.1f s = %.3f ms per job%n", cpu / 1e9, cpu / 1e6 / jobs);
        }
    }

    /** @return this JVM's CPU time so far (all threads), to show what the load generator itself costs */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The outcome of one run of submissions: latencies sorted, accepted count, wall time. */
    private record Window(long[] latencies, int accepted, double seconds) {
        double percentile(double p) {
            return latencies[Math.min(latencies.length - 1, (int) (latencies.length * p))] / 1e6;
        }
    }

    /**
     * JOBS submissions with CONCURRENCY in flight. By default over plain HTTP/1.1 keep-alive connections, one per
     * request in flight, each driven by its own thread with blocking socket I/O ({@link Connection}): the JDK
     * HttpClient's asynchronous machinery cost about 0.8–1 ms of CPU per request, half as much as the gateway itself,
     * on the two cores the gateway shares with it. HTTP_CLIENT=jdk (or HTTP_VERSION=2) uses the JDK client instead.
     */
    private static Window window(String url, String token, byte[] body, int jobs, int concurrency,
            java.io.PrintWriter acked) throws Exception {
        if ("jdk".equals(System.getenv("HTTP_CLIENT")) || "2".equals(System.getenv("HTTP_VERSION"))) {
            return jdkWindow(url, token, body, jobs, concurrency, acked);
        }
        URI base = URI.create(url);
        byte[] request = ("POST /api/v1/pulls HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                + "\r\nAuthorization: Bearer " + token + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] message = Arrays.copyOf(request, request.length + body.length);
        System.arraycopy(body, 0, message, request.length, body.length);
        long[] latencies = new long[jobs];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < concurrency; c++) {
            Thread thread = new Thread(() -> {
                Connection connection = null;
                for (int index = next.getAndIncrement(); index < jobs; index = next.getAndIncrement()) {
                    long sent = System.nanoTime();
                    String failure;
                    try {
                        if (connection == null) {
                            connection = new Connection(base.getHost(), base.getPort());
                        }
                        Connection.Response response = connection.exchange(message);
                        latencies[index] = System.nanoTime() - sent;
                        if (response.status() == 202) {
                            accepted.incrementAndGet();
                            if (acked != null) {
                                String id = id(response.body());
                                synchronized (acked) {
                                    acked.println(id);
                                }
                            }
                            failure = null;
                        } else {
                            failure = response.status() + " " + response.body();
                        }
                        if (response.close()) {
                            connection.close();
                            connection = null;
                        }
                    } catch (java.io.IOException e) {
                        latencies[index] = System.nanoTime() - sent;
                        failure = e.toString();
                        if (connection != null) {
                            connection.close();
                            connection = null;
                        }
                    }
                    if (failure != null && failures.incrementAndGet() == 1) {
                        System.out.println("first failure: " + failure);
                    }
                }
                if (connection != null) {
                    connection.close();
                }
            }, "submit-" + c);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        return new Window(latencies, accepted.get(), seconds);
    }

    /**
     * One HTTP/1.1 keep-alive connection with blocking I/O: writes a request, reads the status line, the headers and
     * a Content-Length or chunked body.
     */
    private static final class Connection {
        record Response(int status, String body, boolean close) {
        }

        private final java.net.Socket socket;
        private final java.io.OutputStream out;
        private final java.io.InputStream in;

        Connection(String host, int port) throws java.io.IOException {
            socket = new java.net.Socket(host, port);
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = new java.io.BufferedInputStream(socket.getInputStream(), 8192);
        }

        Response exchange(byte[] request) throws java.io.IOException {
            out.write(request);
            out.flush();
            String statusLine = line();
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new java.io.IOException("not an HTTP/1.1 status line: " + statusLine);
            }
            int status = Integer.parseInt(parts[1]);
            int length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                String name = header.substring(0, colon).trim();
                String value = header.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    length = Integer.parseInt(value);
                } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                    chunked = value.equalsIgnoreCase("chunked");
                } else if (name.equalsIgnoreCase("Connection")) {
                    close = value.equalsIgnoreCase("close");
                }
            }
            byte[] body;
            if (chunked) {
                java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
                for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
                        size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                    all.write(in.readNBytes(size));
                    line();
                }
                for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                    // trailers are not used
                }
                body = all.toByteArray();
            } else if (length >= 0) {
                body = in.readNBytes(length);
                if (body.length < length) {
                    throw new java.io.EOFException("connection closed in the body");
                }
            } else {
                body = in.readAllBytes();
                close = true;
            }
            return new Response(status, new String(body, StandardCharsets.UTF_8), close);
        }

        private String line() throws java.io.IOException {
            StringBuilder line = new StringBuilder(64);
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new java.io.EOFException("connection closed");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (java.io.IOException e) {
                // nothing left to do with a broken connection
            }
        }
    }

    private static Window jdkWindow(String url, String token, byte[] body, int jobs, int concurrency,
            java.io.PrintWriter acked) throws Exception {
        Semaphore inFlight = new Semaphore(concurrency);
        long[] latencies = new long[jobs];
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(jobs);
        long start = System.nanoTime();
        for (int i = 0; i < jobs; i++) {
            inFlight.acquire();
            int index = i;
            long sent = System.nanoTime();
            HTTP.sendAsync(pull(url, token, body), HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
                latencies[index] = System.nanoTime() - sent;
                if (failure == null && response.statusCode() == 202) {
                    accepted.incrementAndGet();
                    if (acked != null) {
                        String id = id(response.body());
                        synchronized (acked) {
                            acked.println(id);
                        }
                    }
                } else if (failures.incrementAndGet() == 1) {
                    System.out.println("first failure: " + (failure != null ? failure : response.statusCode() + " " + response.body()));
                }
                inFlight.release();
                done.countDown();
            });
        }
        done.await();
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        return new Window(latencies, accepted.get(), seconds);
    }

    private static HttpRequest pull(String url, String token, byte[] body) {
        return HttpRequest.newBuilder(URI.create(url + "/api/v1/pulls")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private static String id(String body) {
        try {
            return JSON.readTree(body).path("id").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One watcher per stream; log chunks emitted by a producer playing a worker; latency = receipt − event timestamp.
     * First WARMUP events on a job of their own (the servers and this program run warm, as a farm does), then the
     * line "events: warm-up done" (run.sh takes its CPU snapshots there), then the measured EVENTS on a fresh job.
     */
    static void events(String url, String token, String bootstrap, int events, int rate, int warmup) throws Exception {
        try (KafkaProducer<String, byte[]> producer = emitter(bootstrap)) {
            if (warmup > 0) {
                Stream w = stream(url, token, producer, warmup, rate);
                System.out.printf("events warm-up: %d events on job %s, p50 %.1f ms, p99 %.1f ms%n", warmup, w.job,
                        w.percentile(0.5), w.percentile(0.99));
            }
            System.out.println("events: warm-up done");
            System.out.flush();
            Map<String, Long> cpuBefore = threadCpu();
            long processBefore = processCpu();
            Stream m = stream(url, token, producer, events, rate);
            Map<String, Long> cpuAfter = threadCpu();
            long process = processCpu() - processBefore;
            long sse = 0;
            long emit = 0;
            for (Map.Entry<String, Long> t : cpuAfter.entrySet()) {
                long used = t.getValue() - cpuBefore.getOrDefault(t.getKey(), 0L);
                String name = t.getKey().substring(t.getKey().indexOf(' ') + 1);
                if (name.startsWith("sse-reader") || name.startsWith("HttpClient")) {
                    sse += used;
                } else if (name.equals("main") || name.startsWith("kafka-producer")) {
                    emit += used;
                }
            }
            System.out.printf("events: %d emitted in %.1f s (%s), %d received on SSE in %.1f s (%.0f/s); "
                            + "emit -> SSE latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    events, m.emitSeconds, rate > 0 ? rate + "/s paced" : "flat out", m.latencies.length,
                    m.receiveSeconds, m.latencies.length / m.receiveSeconds,
                    m.percentile(0.5), m.percentile(0.99), m.percentile(1.0));
            System.out.println("events: max latency per " + (rate > 0 ? "second" : "1,000 events") + " of the stream (ms): "
                    + m.timeline(rate > 0 ? rate : 1000));
            System.out.printf("events load generator cpu: emitter %.3f ms, sse client %.3f ms, its JVM in all %.3f ms per event%n",
                    emit / 1e6 / events, sse / 1e6 / events, process / 1e6 / events);
        }
    }

    /** The event producer, configured as the build-worker's and registry-sync's emitters (acks=all, idempotent, default linger). */
    private static KafkaProducer<String, byte[]> emitter(String bootstrap) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("enable.idempotence", "true");
        props.put("acks", "all");
        // the workers' emitters leave linger.ms at the client default (5 ms in kafka-clients 4.x); EMIT_LINGER_MS=0
        // sends one produce request per event
        String linger = System.getenv("EMIT_LINGER_MS");
        if (linger != null && !linger.isBlank()) {
            props.put("linger.ms", linger);
        }
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** One measured stream: latencies in emit order (one partition, dense sequence: receipt order is emit order). */
    private record Stream(String job, long[] latencies, double emitSeconds, double receiveSeconds) {

        double percentile(double p) {
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            return sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))] / 1e3;
        }

        String timeline(int perBucket) {
            StringBuilder out = new StringBuilder();
            for (int from = 0; from < latencies.length; from += perBucket) {
                long max = 0;
                for (int i = from; i < Math.min(latencies.length, from + perBucket); i++) {
                    max = Math.max(max, latencies[i]);
                }
                out.append(from == 0 ? "" : " ").append(max / 1000);
            }
            return out.toString();
        }
    }

    private static Stream stream(String url, String token, KafkaProducer<String, byte[]> producer, int events, int rate)
            throws Exception {
        byte[] body = "{\"image\":\"bench/events:latest\"}".getBytes(StandardCharsets.UTF_8);
        String id = id(HTTP.send(pull(url, token, body), HttpResponse.BodyHandlers.ofString()).body());
        long[] latencies = new long[events];
        AtomicInteger received = new AtomicInteger();
        long[] lastReceipt = new long[1];
        CountDownLatch finished = new CountDownLatch(1);
        CountDownLatch subscribed = new CountDownLatch(1);
        HttpRequest sse = HttpRequest.newBuilder(URI.create(url + "/api/v1/jobs/" + id + "/events"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build();
        HttpResponse<java.io.InputStream> response = HTTP.send(sse, HttpResponse.BodyHandlers.ofInputStream());
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                String event = null;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("event:")) {
                        event = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        long now = System.currentTimeMillis() * 1000 + (System.nanoTime() / 1000) % 1000;
                        if ("job-queued".equals(event)) {
                            subscribed.countDown();
                        } else if ("log".equals(event)) {
                            JsonNode data = JSON.readTree(line.substring(5).trim());
                            Instant emitted = Instant.parse(data.path("timestamp").asText());
                            long emittedMicros = emitted.getEpochSecond() * 1_000_000 + emitted.getNano() / 1000;
                            int n = received.getAndIncrement();
                            if (n < events) {
                                latencies[n] = now - emittedMicros;
                            }
                            lastReceipt[0] = System.nanoTime();
                        }
                    }
                }
            } catch (Exception e) {
                System.err.println("sse reader: " + e);
            }
            finished.countDown();
        }, "sse-reader");
        reader.start();
        subscribed.await(30, TimeUnit.SECONDS);
        JobId jobId = JobId.parse(id);
        long seq = 0;
        producer.send(new ProducerRecord<>(Topics.JOB_EVENTS, id, JobJson.write(new JobStarted(jobId, 1, seq++, Instant.now(), "bench")))).get();
        // the pace starts once the producer is connected: counted from before, its start-up (a second or two)
        // would put the loop behind schedule and emit the first thousands of events in one burst
        long start = System.nanoTime();
        for (int i = 0; i < events; i++) {
            if (rate > 0) {
                long wait = start + (long) (i * (1e9 / rate)) - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            LogChunk chunk = new LogChunk(jobId, 1, seq++, Instant.now(), LogChunk.Stream.STDOUT, "line " + i + "\n", null);
            producer.send(new ProducerRecord<>(Topics.JOB_EVENTS, id, JobJson.write(chunk)));
        }
        producer.send(new ProducerRecord<>(Topics.JOB_EVENTS, id, JobJson.write(new JobSucceeded(jobId, 1, seq, Instant.now(), Map.of(), null, List.of())))).get();
        double emitSeconds = (System.nanoTime() - start) / 1e9;
        if (!finished.await(120, TimeUnit.SECONDS)) {
            System.out.println("events: stream did not end; received " + received.get());
        }
        int n = Math.min(received.get(), events);
        return new Stream(id, Arrays.copyOf(latencies, n), emitSeconds, (lastReceipt[0] - start) / 1e9);
    }

    /** @return CPU nanoseconds per live thread, keyed "id name" */
    private static Map<String, Long> threadCpu() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<String, Long> cpu = new HashMap<>();
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null) {
                long used = threads.getThreadCpuTime(info.getThreadId());
                if (used >= 0) {
                    cpu.put(info.getThreadId() + " " + info.getThreadName(), used);
                }
            }
        }
        return cpu;
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** After a crash and restart: every acknowledged id is known and on the sync topic exactly once. */
    static void verify(String url, String token, String bootstrap, Path idsFile) throws Exception {
        Set<String> ids = new HashSet<>(Files.readAllLines(idsFile));
        int unknown = 0;
        for (String id : ids) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/jobs/" + id))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                unknown++;
            }
        }
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("group.id", "bench-verify-" + UUID.randomUUID());
        props.put("auto.offset.reset", "earliest");
        Map<String, Integer> copies = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.SYNC_JOBS));
            Instant quietSince = Instant.now();
            while (Duration.between(quietSince, Instant.now()).toSeconds() < 10) {
                var records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    quietSince = Instant.now();
                }
                for (ConsumerRecord<String, byte[]> record : records) {
                    if (ids.contains(record.key())) {
                        copies.merge(record.key(), 1, Integer::sum);
                    }
                }
            }
        }
        long missing = ids.stream().filter(id -> !copies.containsKey(id)).count();
        long duplicated = copies.values().stream().filter(n -> n > 1).count();
        System.out.printf("verify: %d acknowledged jobs; %d unknown to the gateway; published: %d exactly once, %d missing, %d more than once%n",
                ids.size(), unknown, copies.values().stream().filter(n -> n == 1).count(), missing, duplicated);
        if (unknown > 0 || missing > 0 || duplicated > 0) {
            System.exit(1);
        }
    }

    static void emit(String bootstrap, String id, int events, int rate) throws Exception {
        JobId jobId = JobId.parse(id);
        long start;
        try (KafkaProducer<String, byte[]> producer = emitter(bootstrap)) {
            long seq = 0;
            producer.send(new ProducerRecord<>(Topics.JOB_EVENTS, id, JobJson.write(new JobStarted(jobId, 1, seq++, Instant.now(), "bench")))).get();
            // the pace starts once the producer is connected: counted from before, its start-up (a second or two)
            // would put the loop behind schedule and emit the first thousands of events in one burst
            start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                long wait = start + (long) (i * (1e9 / rate)) - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                producer.send(new ProducerRecord<>(Topics.JOB_EVENTS, id, JobJson.write(
                        new LogChunk(jobId, 1, seq++, Instant.now(), LogChunk.Stream.STDOUT, "line " + i + "\n", null))));
            }
            producer.send(new ProducerRecord<>(Topics.JOB_EVENTS, id, JobJson.write(new JobSucceeded(jobId, 1, seq, Instant.now(), Map.of(), null, List.of())))).get();
        }
        System.out.printf("emit: %d events for job %s%n", events + 2, id);
    }

    static void replay(String url, String token, String id, int events) throws Exception {
        Thread timeout = new Thread(() -> {
            try {
                Thread.sleep(120_000);
                System.out.println("replay: the stream of job " + id + " did not end within 120 s (is the job finished?)");
                System.exit(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        timeout.setDaemon(true);
        timeout.start();
        HttpRequest sse = HttpRequest.newBuilder(URI.create(url + "/api/v1/jobs/" + id + "/events"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build();
        HttpResponse<java.io.InputStream> response = HTTP.send(sse, HttpResponse.BodyHandlers.ofInputStream());
        Map<String, Integer> lines = new HashMap<>();
        List<Long> seqs = new ArrayList<>();
        String last = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            String event = null;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("id:")) {
                    seqs.add(Long.parseLong(line.substring(3).trim()));
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                    last = event;
                } else if (line.startsWith("data:") && "log".equals(event)) {
                    lines.merge(JSON.readTree(line.substring(5).trim()).path("text").asText(), 1, Integer::sum);
                }
            }
        }
        boolean dense = true;
        for (int i = 0; i < seqs.size(); i++) {
            dense &= seqs.get(i) == i + 1;
        }
        long once = lines.values().stream().filter(n -> n == 1).count();
        System.out.printf("replay: %d events, seq dense 1..%d: %s; log lines exactly once %d of %d, duplicated %d; last event %s%n",
                seqs.size(), seqs.size(), dense, once, events, lines.values().stream().filter(n -> n > 1).count(), last);
        if (!dense || once != events || lines.size() != events || !"job-succeeded".equals(last)) {
            System.exit(1);
        }
    }
}
