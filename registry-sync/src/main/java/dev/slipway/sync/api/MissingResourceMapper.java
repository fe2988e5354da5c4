package dev.slipway.sync.api;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** 404 with the missing resource's code. */
@Provider
public class MissingResourceMapper implements ExceptionMapper<MissingResourceException> {

    @Override
    public Response toResponse(MissingResourceException e) {
        return Problem.response(Response.Status.NOT_FOUND, e.code(), e.getMessage());
    }
}
