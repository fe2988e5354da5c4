package dev.slipway.e2e.farm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One program of the farm run as a child process, its stdout and stderr appended to one log file (a restart appends
 * to the same file after a marker line). Stopping it also ends the processes it started (runc, slirp4netns), which a
 * killed JVM leaves behind.
 */
class ChildProcess {

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private Process process;
    private List<ProcessHandle> descendants = List.of();

    ChildProcess(String name, List<String> command, Map<String, String> environment, Path log) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.log = log;
    }

    /** @return the component's name in logs and messages */
    String name() {
        return name;
    }

    /** @return where its output goes */
    Path log() {
        return log;
    }

    synchronized void start() {
        if (alive()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "==== e2e: starting " + name + " at " + Instant.now() + ": " + command + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL, as {@code kill -9}: no shutdown hook runs. Its own children are left as a crash leaves them. */
    synchronized void killHard() {
        if (process == null) {
            return;
        }
        descendants = new ArrayList<>(process.descendants().toList());
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(30));
    }

    /** SIGTERM, then SIGKILL after the grace period; then whatever it started (or left behind) is killed too. */
    synchronized void stop(Duration grace) {
        if (process == null) {
            return;
        }
        List<ProcessHandle> children = new ArrayList<>(descendants);
        children.addAll(process.descendants().toList());
        if (process.isAlive()) {
            process.destroy();
            if (!waitFor(grace)) {
                process.destroyForcibly();
                waitFor(Duration.ofSeconds(10));
            }
        }
        children.forEach(ProcessHandle::destroyForcibly);
        descendants = List.of();
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** @return the last lines of its log, for a failure message */
    String logTail() {
        return "---- last lines of " + log + " ----\n" + LogFiles.tail(log, 4000);
    }
}
