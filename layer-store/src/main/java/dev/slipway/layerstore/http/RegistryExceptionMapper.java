package dev.slipway.layerstore.http;

import dev.slipway.layerstore.error.RegistryException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Answers a {@link RegistryException} with its status and the spec's error body. */
@Provider
public class RegistryExceptionMapper implements ExceptionMapper<RegistryException> {

    @Override
    public Response toResponse(RegistryException e) {
        return Response.status(e.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(OciErrorBody.of(e.code().name(), e.getMessage(), e.detail()))
                .build();
    }
}
