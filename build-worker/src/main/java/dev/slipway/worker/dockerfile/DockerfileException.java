package dev.slipway.worker.dockerfile;

/**
 * A Dockerfile that cannot be parsed or an instruction that cannot be evaluated. The message reads like
 * Docker's: {@code Dockerfile:7: unknown instruction "RUNN"}.
 */
public final class DockerfileException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String reason;

    /**
     * @param file the Dockerfile's name as the user gave it
     * @param line the 1-based line, or 0 when the problem is not tied to a line
     * @param reason what is wrong
     */
    public DockerfileException(String file, int line, String reason) {
        super(line > 0 ? file + ":" + line + ": " + reason : file + ": " + reason);
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    /** The Dockerfile's name. */
    public String file() {
        return file;
    }

    /** The 1-based line of the problem, 0 when none applies. */
    public int line() {
        return line;
    }

    /** The reason without the location prefix. */
    public String reason() {
        return reason;
    }
}
