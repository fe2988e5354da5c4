package dev.slipway.layerstore.upload;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The inclusive byte range of a chunk, from a {@code Content-Range} header. The spec's form is {@code <start>-<end>};
 * the RFC 9110 form {@code bytes <start>-<end>/<total>} is accepted too.
 *
 * @param start first byte offset
 * @param end   last byte offset (inclusive)
 */
public record ContentRange(long start, long end) {

    private static final Pattern FORM = Pattern.compile("^(?:bytes[ =])?\\s*(\\d{1,18})-(\\d{1,18})(?:/(?:\\d{1,18}|\\*))?$");

    /** Validates the bounds. */
    public ContentRange {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("Content-Range must be <start>-<end> with start <= end");
        }
    }

    /**
     * @param header the header value
     * @return the range, or empty when the header is malformed
     */
    public static Optional<ContentRange> parse(String header) {
        Matcher matcher = FORM.matcher(header.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long start = Long.parseLong(matcher.group(1));
        long end = Long.parseLong(matcher.group(2));
        return end < start ? Optional.empty() : Optional.of(new ContentRange(start, end));
    }

    /** @return number of bytes in the range */
    public long length() {
        return end - start + 1;
    }
}
