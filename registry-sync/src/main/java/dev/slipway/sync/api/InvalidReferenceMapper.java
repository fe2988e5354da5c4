package dev.slipway.sync.api;

import dev.slipway.common.oci.InvalidReferenceException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** An image reference that does not parse: 400 {@code invalid-reference}, with the grammar rule it broke. */
@Provider
public class InvalidReferenceMapper implements ExceptionMapper<InvalidReferenceException> {

    @Override
    public Response toResponse(InvalidReferenceException e) {
        return Problem.response(Response.Status.BAD_REQUEST, "invalid-reference", e.getMessage());
    }
}
