package dev.slipway.gateway.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.slipway.common.oci.InvalidDigestException;
import dev.slipway.common.oci.InvalidReferenceException;
import dev.slipway.gateway.registry.LayerStoreException;
import dev.slipway.gateway.registry.RegistrySyncException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.sql.SQLTransientConnectionException;
import org.hibernate.exception.JDBCConnectionException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns each failure type into problem+json: one mapper per exception type, no catch-all, so an unexpected
 * exception still surfaces as a logged 500 instead of being disguised.
 */
class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    Response api(ApiException e) {
        return Problem.of(e.code(), e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    Response invalidReference(InvalidReferenceException e) {
        return Problem.of(ErrorCode.INVALID_REFERENCE, e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    Response invalidDigest(InvalidDigestException e) {
        return Problem.of(ErrorCode.INVALID_DIGEST, e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    Response badJson(JsonProcessingException e) {
        return Problem.of(ErrorCode.INVALID_REQUEST, "malformed JSON body: " + e.getOriginalMessage()).toResponse();
    }

    /** Wrong JSON types ({@code "public":"maybe"}); Quarkus' own mapper for these would answer a bare 400. */
    @ServerExceptionMapper
    Response mismatchedJson(MismatchedInputException e) {
        return Problem.of(ErrorCode.INVALID_REQUEST, "malformed JSON body: " + e.getOriginalMessage()).toResponse();
    }

    @ServerExceptionMapper
    Response databaseDown(JDBCConnectionException e) {
        LOG.warnf("database unavailable: %s", e.getMessage());
        return Problem.of(ErrorCode.DATABASE_UNAVAILABLE, "the job database cannot be reached; nothing was accepted").toResponse();
    }

    @ServerExceptionMapper
    Response poolExhausted(SQLTransientConnectionException e) {
        LOG.warnf("database unavailable: %s", e.getMessage());
        return Problem.of(ErrorCode.DATABASE_UNAVAILABLE, "the job database cannot be reached; nothing was accepted").toResponse();
    }

    @ServerExceptionMapper
    Response layerStore(LayerStoreException e) {
        LOG.warnf("layer-store call failed: %s", e.getMessage());
        return Problem.of(ErrorCode.LAYER_STORE_UNAVAILABLE, e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    Response registrySync(RegistrySyncException e) {
        LOG.warnf("registry-sync call failed: %s", e.getMessage());
        return Problem.of(ErrorCode.SEARCH_UNAVAILABLE, e.getMessage()).toResponse();
    }

    /** JAX-RS' own errors (unknown path, wrong method, wrong content type) in the same shape. */
    @ServerExceptionMapper
    Response jaxrs(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        ErrorCode code = switch (status) {
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            default -> ErrorCode.INVALID_REQUEST;
        };
        if (status >= 500) {
            LOG.error("request failed", e);
            return e.getResponse();
        }
        return new Problem(Problem.of(code, e.getMessage()).type(), code.title(), status, e.getMessage(), code.code())
                .toResponse();
    }
}
