package dev.slipway.e2e.client;

/**
 * What one {@code slip} invocation did.
 *
 * @param args     its arguments
 * @param exitCode its exit status
 * @param out      standard output
 * @param err      standard error
 */
public record SlipResult(String args, int exitCode, String out, String err) {

    /**
     * @return this result
     * @throws AssertionError with the command's output when it did not exit 0
     */
    public SlipResult expectSuccess() {
        if (exitCode != 0) {
            throw new AssertionError("slip " + args + " exited " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err);
        }
        return this;
    }

    @Override
    public String toString() {
        return "slip " + args + " → " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
}
