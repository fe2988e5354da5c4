package dev.slipway.sync.mirror;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses rule intervals: ISO-8601 ({@code PT1H}) or a number with a unit ({@code 30s}, {@code 10m}, {@code 6h}, {@code 1d}). */
final class Intervals {

    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})([smhd])");

    private Intervals() { }

    /** @throws IllegalArgumentException with a message naming the accepted forms */
    static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("interval is required, e.g. \"1h\" or \"PT30M\"");
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SHORT.matcher(t);
        Duration d;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else {
            try {
                d = Duration.parse(text.trim());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("invalid interval \"" + text
                        + "\": use a number with s, m, h or d (\"10m\") or ISO-8601 (\"PT10M\")");
            }
        }
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("invalid interval \"" + text + "\": must be at least 1 second");
        }
        return d;
    }
}
