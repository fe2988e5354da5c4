package dev.slipway.sync.api;

import dev.slipway.common.oci.InvalidDigestException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A digest in a reference that does not parse: 400 {@code invalid-reference}. */
@Provider
public class InvalidDigestMapper implements ExceptionMapper<InvalidDigestException> {

    @Override
    public Response toResponse(InvalidDigestException e) {
        return Problem.response(Response.Status.BAD_REQUEST, "invalid-reference", e.getMessage());
    }
}
