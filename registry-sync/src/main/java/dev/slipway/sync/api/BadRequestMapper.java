package dev.slipway.sync.api;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A request the API rejects on its own terms (missing or malformed fields): 400 with the problem's code. */
@Provider
public class BadRequestMapper implements ExceptionMapper<InvalidRequestException> {

    @Override
    public Response toResponse(InvalidRequestException e) {
        return Problem.response(Response.Status.BAD_REQUEST, e.code(), e.getMessage());
    }
}
