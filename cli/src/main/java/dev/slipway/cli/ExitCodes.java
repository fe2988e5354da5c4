package dev.slipway.cli;

/** The exit codes docker's CLI uses, which {@code slip} keeps. */
public final class ExitCodes {

    /** Success. */
    public static final int OK = 0;
    /** The command failed. */
    public static final int ERROR = 1;
    /** Bad usage (unknown flag, wrong number of arguments, malformed value); also {@code run}'s own failures. */
    public static final int USAGE = 125;

    private ExitCodes() {
    }
}
