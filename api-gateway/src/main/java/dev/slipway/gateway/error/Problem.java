package dev.slipway.gateway.error;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem document with Slipway's stable {@code code} extension member.
 *
 * @param type   URI naming the problem kind
 * @param title  short summary of the kind
 * @param status HTTP status
 * @param detail this occurrence, for a human
 * @param code   stable machine-readable code
 */
public record Problem(String type, String title, int status, String detail, String code) {

    /** The media type of every error body under /api/v1. */
    public static final String MEDIA_TYPE = "application/problem+json";

    private static final String TYPE_BASE = "https://slipway.dev/problems/";

    /**
     * @param code   what went wrong
     * @param detail this occurrence
     * @return the problem for {@code code}
     */
    public static Problem of(ErrorCode code, String detail) {
        return new Problem(TYPE_BASE + code.code(), code.title(), code.status(), detail, code.code());
    }

    /** @return this problem as an HTTP response with the problem+json media type */
    public Response toResponse() {
        return Response.status(status).type(MediaType.valueOf(MEDIA_TYPE)).entity(this).build();
    }
}
