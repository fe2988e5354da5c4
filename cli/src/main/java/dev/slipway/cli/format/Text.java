package dev.slipway.cli.format;

/** String helpers for table cells. */
public final class Text {

    private Text() {
    }

    /**
     * Docker's {@code Ellipsis}: cuts a string to {@code width} characters, the last one being {@code …}.
     *
     * @param text the text
     * @param width the maximum width in characters
     * @return {@code text}, or its first {@code width - 1} characters and {@code …}
     */
    public static String ellipsis(String text, int width) {
        int length = text.codePointCount(0, text.length());
        if (length <= width) {
            return text;
        }
        int end = text.offsetByCodePoints(0, width - 1);
        return text.substring(0, end) + "…";
    }

    /**
     * @param text text that may span lines or contain tabs
     * @return the text on one line, as a table cell needs it
     */
    public static String oneLine(String text) {
        return text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
    }
}
