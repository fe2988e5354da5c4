package dev.slipway.worker.build;

/**
 * A build that cannot finish: malformed Dockerfile, missing base image, failing RUN, refused COPY source, or a
 * cancel. The message reads like Docker's: {@code Dockerfile:12: RUN returned exit code 2}.
 */
public final class BuildFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int line;
    private final Integer exitCode;
    private final int step;
    private final boolean cancelled;

    /**
     * @param message the full message, location included
     * @param step 1-based step index, 0 when before any step
     * @param line Dockerfile line, 0 when none
     * @param exitCode the RUN's exit code, or null
     * @param cancelled true when a cancel stopped the build
     */
    public BuildFailedException(String message, int step, int line, Integer exitCode, boolean cancelled) {
        super(message);
        this.step = step;
        this.line = line;
        this.exitCode = exitCode;
        this.cancelled = cancelled;
    }

    public int line() {
        return line;
    }

    public int step() {
        return step;
    }

    /** The failing RUN's exit code, null for other failures. */
    public Integer exitCode() {
        return exitCode;
    }

    public boolean cancelled() {
        return cancelled;
    }
}
