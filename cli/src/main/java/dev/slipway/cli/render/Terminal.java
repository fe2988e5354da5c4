package dev.slipway.cli.render;

import java.io.PrintWriter;

/**
 * Where a command writes and how fancy it may be: progress bars and cursor movement only on a terminal, colours only
 * on a terminal and only when {@code NO_COLOR} is unset or empty (no-color.org).
 *
 * @param out standard output
 * @param err standard error
 * @param tty whether standard output is a terminal
 * @param color whether ANSI colours may be used
 */
public record Terminal(PrintWriter out, PrintWriter err, boolean tty, boolean color) {

    private static final String RED = "\u001b[31m";
    private static final String RESET = "\u001b[0m";

    /**
     * @param out standard output
     * @param err standard error
     * @param tty whether standard output is a terminal ({@code System.console() != null})
     * @param noColor the value of {@code NO_COLOR}, or {@code null}
     * @return the terminal
     */
    public static Terminal of(PrintWriter out, PrintWriter err, boolean tty, String noColor) {
        return new Terminal(out, err, tty, tty && (noColor == null || noColor.isEmpty()));
    }

    /** @param message printed to standard error as {@code Error: message}, the prefix red when colours are on */
    public void error(String message) {
        err.println((color ? RED + "Error:" + RESET : "Error:") + " " + message);
        err.flush();
    }
}
