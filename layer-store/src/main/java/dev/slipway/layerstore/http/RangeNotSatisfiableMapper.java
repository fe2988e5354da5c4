package dev.slipway.layerstore.http;

import dev.slipway.layerstore.error.ErrorCode;
import dev.slipway.layerstore.error.RangeNotSatisfiableException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/** Answers a chunk that does not continue its upload with 416 and where the upload stands, so the client resumes. */
@Provider
public class RangeNotSatisfiableMapper implements ExceptionMapper<RangeNotSatisfiableException> {

    @Override
    public Response toResponse(RangeNotSatisfiableException e) {
        return Response.status(416)
                .header("Location", Locations.upload(e.repository(), e.session()))
                .header("Range", Locations.range(e.received()))
                .header("Docker-Upload-UUID", e.session().toString())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(OciErrorBody.of(ErrorCode.BLOB_UPLOAD_INVALID.name(), e.getMessage(),
                        Map.of("received", e.received())))
                .build();
    }
}
