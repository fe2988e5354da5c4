package dev.slipway.worker.build;

import dev.slipway.common.oci.Digest;
import dev.slipway.worker.runtime.OutputSink;
import java.time.Duration;

/** Progress of a build, for job events. Called from the build's thread (log lines from output threads). */
public interface BuildListener {

    /** A step starts: 1-based index over all steps of the needed stages. */
    default void stepStarted(int index, int total, String instruction) {
    }

    /** A step was answered by the cache: nothing ran; {@code layer} is null for steps that add no layer. */
    default void stepCached(int index, int total, String instruction, Digest layer) {
    }

    /** A RUN step's container starts ({@code ---> Running in <id>}); {@code containerId} is 64 hex digits. */
    default void containerStarted(int index, String containerId) {
    }

    /** A step missed the cache; {@code reason} names what changed since the last build, when known. */
    default void cacheMiss(int index, String instruction, String reason) {
    }

    /** A step ended; {@code layer} is null for steps that add no layer. */
    default void stepFinished(int index, Duration duration, Digest layer, long size) {
    }

    /** One line of a RUN step's output. */
    default void log(OutputSink.Stream stream, String line) {
    }

    /** Something the user should know that does not fail the build. */
    default void warning(String message) {
    }
}
