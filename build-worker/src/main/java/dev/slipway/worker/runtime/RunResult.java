package dev.slipway.worker.runtime;

import java.time.Duration;

/**
 * How a container ended.
 *
 * @param exitCode the process's exit status (128 + signal when killed)
 * @param timedOut true when the timeout killed it
 * @param cancelled true when {@link ContainerRunner#kill} stopped it
 * @param duration wall-clock run time
 */
public record RunResult(int exitCode, boolean timedOut, boolean cancelled, Duration duration) {
}
