package dev.slipway.worker.runtime;

/** Receives a container's output line by line, from two threads (one per stream). */
@FunctionalInterface
public interface OutputSink {

    /** Which stream a line came from. */
    enum Stream { STDOUT, STDERR }

    /**
     * @param stream where the line came from
     * @param line the line without its newline
     */
    void line(Stream stream, String line);
}
