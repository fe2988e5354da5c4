package dev.slipway.gateway.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A minimal Server-Sent-Events client over the JDK HTTP client: collects events until the server closes the stream. */
public final class SseClient implements AutoCloseable {

    /**
     * One received event.
     *
     * @param id   the {@code id:} field
     * @param name the {@code event:} field
     * @param data the {@code data:} field
     */
    public record Event(String id, String name, String data) {
        /** @return the id as a number */
        public long seq() {
            return Long.parseLong(id);
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> status = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final Predicate<Event> stopAfter;
    private volatile InputStream body;

    private SseClient(Predicate<Event> stopAfter) {
        this.stopAfter = stopAfter;
    }

    /**
     * Opens a stream.
     *
     * @param url         the events URL
     * @param token       bearer token
     * @param lastEventId sent as Last-Event-ID when not null
     * @param stopAfter   the client disconnects itself after the first event matching this (null: never)
     * @return the running client
     */
    public static SseClient open(String url, String token, String lastEventId, Predicate<Event> stopAfter) {
        SseClient client = new SseClient(stopAfter);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream()).whenComplete((response, failure) -> {
            if (failure != null) {
                client.status.completeExceptionally(failure);
                client.ended.completeExceptionally(failure);
                return;
            }
            client.status.complete(response.statusCode());
            client.body = response.body();
            Thread reader = new Thread(() -> client.read(response.body()), "sse-test-reader");
            reader.setDaemon(true);
            reader.start();
        });
        return client;
    }

    private void read(InputStream in) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String id = null;
            String name = null;
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    if (id != null || data.length() > 0) {
                        Event event = new Event(id, name, data.toString());
                        events.add(event);
                        if (stopAfter != null && stopAfter.test(event)) {
                            in.close();
                            break;
                        }
                    }
                    id = null;
                    name = null;
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    if (data.length() > 0) {
                        data.append('\n');
                    }
                    data.append(line.substring(5).stripLeading());
                }
            }
            ended.complete(null);
        } catch (IOException e) {
            ended.complete(null);
        }
    }

    /** @return the HTTP status of the response */
    public int status() throws Exception {
        return status.get(java.util.concurrent.TimeUnit.SECONDS.toMillis(20), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Waits until the server ends the stream (or the client stopped itself). */
    public SseClient awaitEnd(Duration timeout) throws Exception {
        ended.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        return this;
    }

    /** @return whether the stream has ended */
    public boolean ended() {
        return ended.isDone();
    }

    /** @return the events received so far */
    public List<Event> events() {
        return new ArrayList<>(events);
    }

    @Override
    public void close() throws IOException {
        InputStream in = body;
        if (in != null) {
            in.close();
        }
    }
}
