package dev.slipway.cli;

/** A failure a command explains itself: printed as {@code Error: <message>}, then {@code slip} exits with the code. */
public final class CliException extends RuntimeException {

    private final int exitCode;

    /**
     * @param message what went wrong, for a person
     * @param exitCode the exit code
     */
    public CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    /** @param message what went wrong, exit code {@link ExitCodes#ERROR} */
    public CliException(String message) {
        this(message, ExitCodes.ERROR);
    }

    /** @return the exit code */
    public int exitCode() {
        return exitCode;
    }
}
