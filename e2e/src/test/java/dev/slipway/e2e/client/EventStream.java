package dev.slipway.e2e.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A client of {@code GET /api/v1/jobs/{id}/events} (text/event-stream) that reads the way a browser's EventSource
 * does: {@code id:}, {@code event:} and {@code data:} lines, an empty line ends an event.
 */
public final class EventStream {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "sse-timeout");
        thread.setDaemon(true);
        return thread;
    });

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Api api;

    /** @param api whose gateway and token to use */
    public EventStream(Api api) {
        this.api = api;
    }

    /**
     * Reads a job's stream until it ends (after the terminal event) or {@code limit} events have come, then
     * disconnects.
     *
     * @param jobId       the job
     * @param lastEventId sent as {@code Last-Event-ID} when not null
     * @param limit       disconnect after this many events
     * @param timeout     fail when the stream has not ended (or reached the limit) by then
     * @return the events in the order received
     */
    public List<SseEvent> read(String jobId, Long lastEventId, int limit, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.gatewayUrl().resolve("/api/v1/jobs/" + jobId + "/events"))
                .header("Authorization", "Bearer " + api.token())
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", Long.toString(lastEventId));
        }
        List<SseEvent> events = new ArrayList<>();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("event stream of " + jobId, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw new AssertionError("event stream of " + jobId + " answered " + response.statusCode());
        }
        boolean[] timedOut = {false};
        InputStream body = response.body();
        ScheduledFuture<?> watchdog = TIMER.schedule(() -> {
            timedOut[0] = true;
            close(body);
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            Long id = null;
            String name = "message";
            StringBuilder data = new StringBuilder();
            String line;
            while (events.size() < limit && (line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    if (id != null || !data.isEmpty()) {
                        events.add(new SseEvent(id == null ? -1 : id, name, data.toString()));
                    }
                    id = null;
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = Long.parseLong(field(line));
                } else if (line.startsWith("event:")) {
                    name = field(line);
                } else if (line.startsWith("data:")) {
                    data.append(data.isEmpty() ? "" : "\n").append(field(line));
                }
            }
        } catch (IOException e) {
            if (!timedOut[0]) {
                throw new UncheckedIOException("event stream of " + jobId + " broke after " + events.size(), e);
            }
        } finally {
            watchdog.cancel(false);
        }
        if (timedOut[0]) {
            throw new AssertionError("event stream of " + jobId + " did not end within " + timeout.toSeconds()
                    + " s; received " + events);
        }
        return events;
    }

    /** Reads the whole stream from the start. */
    public List<SseEvent> readAll(String jobId, Duration timeout) {
        return read(jobId, null, Integer.MAX_VALUE, timeout);
    }

    private static String field(String line) {
        String value = line.substring(line.indexOf(':') + 1);
        return value.startsWith(" ") ? value.substring(1) : value;
    }

    private static void close(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // already broken: the reader sees the end either way
        }
    }
}
