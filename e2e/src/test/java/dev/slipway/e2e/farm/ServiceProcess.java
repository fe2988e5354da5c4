package dev.slipway.e2e.farm;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One Slipway service (layer-store, registry-sync, build-worker, api-gateway) run from its packaged
 * {@code quarkus-run.jar}, as {@code ./slipway up} runs it. Tests use it to {@link #killHard() kill -9} and
 * {@link #restart() restart} one service.
 */
public final class ServiceProcess {

    /** Services start in seconds on an idle machine; on two busy cores a minute is not unusual. */
    static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(240);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private final ChildProcess process;
    private final int port;

    ServiceProcess(String name, Path jar, List<String> jvmOptions, Map<String, String> environment, int port,
            Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        this.process = new ChildProcess(name, command, environment, log);
        this.port = port;
    }

    /** @return the instance name ({@code api-gateway}, {@code build-worker-2} …) */
    public String name() {
        return process.name();
    }

    /** @return {@code http://127.0.0.1:<port>} */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** SIGKILL, as {@code kill -9}: no shutdown hook, no graceful close of consumers or pools. */
    public void killHard() {
        process.killHard();
    }

    /** Starts it again (same port, data, configuration) and waits until its health check is UP. */
    public void restart() {
        if (process.alive()) {
            process.stop(Duration.ofSeconds(20));
        }
        process.start();
        awaitHealthy();
    }

    void start() {
        process.start();
    }

    void stop() {
        process.stop(Duration.ofSeconds(15));
    }

    /** Polls {@code /q/health} until it answers 200 with status UP; fails early when the process dies. */
    void awaitHealthy() {
        Instant deadline = Instant.now().plus(HEALTH_TIMEOUT);
        HttpRequest request = HttpRequest.newBuilder(url().resolve("/q/health")).timeout(Duration.ofSeconds(5)).build();
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            if (!process.alive()) {
                throw new IllegalStateException(name() + " exited before its health check was UP\n" + process.logTail());
            }
            try {
                HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().replace(" ", "").contains("\"status\":\"UP\"")) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name(), e);
            }
            sleep(Duration.ofMillis(300));
        }
        throw new IllegalStateException(name() + " was not UP within " + HEALTH_TIMEOUT.toSeconds() + " s (last: "
                + last + ")\n" + process.logTail());
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
