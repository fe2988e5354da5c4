package dev.slipway.sync.api;

import dev.slipway.sync.transfer.SyncFailure;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A pull or push that failed: 404 {@code image-not-found}, 502 for upstream trouble, 400 for bad input. */
@Provider
public class SyncFailureMapper implements ExceptionMapper<SyncFailure> {

    @Override
    public Response toResponse(SyncFailure failure) {
        return switch (failure.reason()) {
            case NOT_FOUND -> Problem.response(Response.Status.NOT_FOUND, "image-not-found", failure.getMessage());
            case UNAUTHORIZED -> Problem.response(Response.Status.BAD_GATEWAY, "upstream-unauthorized",
                    failure.getMessage());
            case UNAVAILABLE -> Problem.response(Response.Status.BAD_GATEWAY, "upstream-unavailable",
                    failure.getMessage());
            case INVALID -> Problem.response(Response.Status.BAD_GATEWAY, "upstream-invalid", failure.getMessage());
        };
    }
}
