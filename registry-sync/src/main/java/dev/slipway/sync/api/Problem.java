package dev.slipway.sync.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem detail with Slipway's stable {@code code}.
 *
 * @param type a URI naming the problem type ({@code about:blank} here)
 * @param title the HTTP reason phrase
 * @param status the HTTP status
 * @param code a stable machine-readable code ({@code image-not-found})
 * @param detail the human-readable explanation
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String code, String detail) {

    /** The media type of problem bodies. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** A response carrying the problem. */
    public static Response response(Response.Status status, String code, String detail) {
        return Response.status(status).type(MEDIA_TYPE)
                .entity(new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), code, detail))
                .build();
    }
}
