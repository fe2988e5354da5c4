package dev.slipway.layerstore.api;

import dev.slipway.layerstore.error.ApiProblemException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Answers an {@link ApiProblemException} as RFC 9457 {@code application/problem+json} with its stable code. */
@Provider
public class ProblemMapper implements ExceptionMapper<ApiProblemException> {

    @Override
    public Response toResponse(ApiProblemException e) {
        return Response.status(e.status())
                .type("application/problem+json")
                .entity(new Problem("about:blank", Response.Status.fromStatusCode(e.status()) == null
                        ? "Error" : Response.Status.fromStatusCode(e.status()).getReasonPhrase(),
                        e.status(), e.getMessage(), e.code()))
                .build();
    }

    /**
     * The problem body.
     *
     * @param type   problem type URI
     * @param title  short summary (the status' reason phrase)
     * @param status HTTP status
     * @param detail what happened
     * @param code   stable machine-readable code
     */
    public record Problem(String type, String title, int status, String detail, String code) {
    }
}
