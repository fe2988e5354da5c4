package dev.slipway.common.oci;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A media type such as {@code application/vnd.oci.image.manifest.v1+json} (RFC 6838 {@code type/subtype},
 * without parameters). Parameters such as {@code ; charset=utf-8} in a {@code Content-Type} header are dropped by
 * {@link #fromContentType(String)}. Well-known values are in {@link MediaTypes}.
 *
 * @param value the media type, lowercase
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/media-types.md">OCI media types</a>
 */
public record MediaType(String value) {
    private static final Pattern GRAMMAR = Pattern.compile(
            "[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}");

    /** @throws IllegalArgumentException if {@code value} is not {@code type/subtype} in lowercase */
    public MediaType {
        if (value == null || !GRAMMAR.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid media type \"" + value
                    + "\": must be type/subtype of lowercase RFC 6838 characters");
        }
    }

    /**
     * @param value a media type; case is normalised
     * @return the media type
     * @throws IllegalArgumentException if malformed
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static MediaType parse(String value) {
        return new MediaType(value == null ? null : value.trim().toLowerCase(Locale.ROOT));
    }

    /**
     * @param header a {@code Content-Type} header value, possibly with parameters
     * @return the media type without parameters
     * @throws IllegalArgumentException if malformed
     */
    public static MediaType fromContentType(String header) {
        if (header == null) {
            throw new IllegalArgumentException("invalid media type \"null\": Content-Type is missing");
        }
        int semi = header.indexOf(';');
        return parse(semi >= 0 ? header.substring(0, semi) : header);
    }

    /** @return the media type */
    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
