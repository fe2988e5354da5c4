package dev.slipway.cli.format;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * Sizes and durations as docker prints them, following docker/go-units: {@code HumanSize} (decimal units, {@code kB}
 * {@code MB} …, 4 significant digits, Go's {@code %g} — no trailing zeros, no space) and {@code HumanDuration}
 * ("About a minute", "3 weeks").
 *
 * @see <a href="https://github.com/docker/go-units/blob/master/size.go">size.go</a>
 * @see <a href="https://github.com/docker/go-units/blob/master/duration.go">duration.go</a>
 */
public final class Units {

    private static final String[] DECIMAL_UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
    private static final double DECIMAL_BASE = 1000.0;
    /** The precision of go-units' {@code HumanSize}. */
    private static final int HUMAN_SIZE_PRECISION = 4;

    private Units() {
    }

    /**
     * @param bytes a size in bytes
     * @return e.g. {@code 280.5MB}, {@code 2.048kB}, {@code 0B}
     */
    public static String humanSize(long bytes) {
        double size = bytes;
        int unit = 0;
        while (size >= DECIMAL_BASE && unit < DECIMAL_UNITS.length - 1) {
            size /= DECIMAL_BASE;
            unit++;
        }
        return goGeneral(size, HUMAN_SIZE_PRECISION) + DECIMAL_UNITS[unit];
    }

    /**
     * Go's {@code %.<precision>g}: shortest of plain and exponent form, trailing zeros removed. Java's {@code %g}
     * keeps trailing zeros and switches to exponents differently, hence this.
     */
    static String goGeneral(double value, int precision) {
        if (value == 0) {
            return "0";
        }
        // the exact binary value rounded half-even, as Go's strconv does
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(precision, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= precision) {
            BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
            String sign = exponent < 0 ? "-" : "+";
            int abs = Math.abs(exponent);
            return mantissa.toPlainString() + "e" + sign + (abs < 10 ? "0" : "") + abs;
        }
        return rounded.stripTrailingZeros().toPlainString();
    }

    /**
     * @param duration how long ago, or how long something took
     * @return e.g. {@code Less than a second}, {@code About a minute}, {@code 3 weeks}
     */
    public static String humanDuration(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds < 1) {
            return "Less than a second";
        } else if (seconds == 1) {
            return "1 second";
        } else if (seconds < 60) {
            return seconds + " seconds";
        }
        long minutes = duration.toMinutes();
        if (minutes == 1) {
            return "About a minute";
        } else if (minutes < 60) {
            return minutes + " minutes";
        }
        double exactHours = duration.toNanos() / 3_600_000_000_000.0;
        long hours = (long) (exactHours + 0.5);
        if (hours == 1) {
            return "About an hour";
        } else if (hours < 48) {
            return hours + " hours";
        } else if (hours < 24 * 7 * 2) {
            return hours / 24 + " days";
        } else if (hours < 24 * 30 * 2) {
            return hours / 24 / 7 + " weeks";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 / 30 + " months";
        }
        return (long) exactHours / 24 / 365 + " years";
    }

    /**
     * @param duration time elapsed since something happened
     * @return e.g. {@code 3 weeks ago}
     */
    public static String ago(Duration duration) {
        return humanDuration(duration) + " ago";
    }
}
