package dev.slipway.layerstore.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.layerstore.blob.BlobInfo;
import dev.slipway.layerstore.config.LayerStoreConfig;
import dev.slipway.layerstore.error.ErrorCode;
import dev.slipway.layerstore.error.RangeNotSatisfiableException;
import dev.slipway.layerstore.error.RegistryException;
import dev.slipway.layerstore.upload.BlobUploads;
import dev.slipway.layerstore.upload.ContentRange;
import dev.slipway.layerstore.upload.UploadStatus;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The requests that carry blob bytes, served straight on Vert.x routes ahead of the JAX-RS resources:
 * {@code POST /v2/<name>/blobs/uploads/?digest=} (monolithic), {@code PATCH} (chunk) and {@code PUT ?digest=} (close)
 * on {@code /v2/<name>/blobs/uploads/<id>}. The body is handed to a worker thread through a bounded
 * {@link RequestBodyStream}, so gigabyte blobs stream to disk at full speed with constant memory.
 */
@ApplicationScoped
public class UploadBodyRoutes {

    private static final Logger LOG = Logger.getLogger(UploadBodyRoutes.class);
    private static final Pattern SESSION = Pattern.compile("/v2/(.+)/blobs/uploads/([^/]+)");
    private static final Pattern START = Pattern.compile("/v2/(.+)/blobs/uploads/?");
    /** Ahead of the JAX-RS routes. */
    private static final int ORDER = -1000;

    private final BlobUploads uploads;
    private final ObjectMapper json;
    private final Semaphore transfers;

    UploadBodyRoutes(BlobUploads uploads, ObjectMapper json, LayerStoreConfig config) {
        this.uploads = uploads;
        this.json = json;
        this.transfers = new Semaphore(config.uploads().maxConcurrent());
    }

    void register(@Observes Router router) {
        router.routeWithRegex(HttpMethod.POST, START.pattern()).order(ORDER).handler(this::monolithic);
        router.routeWithRegex(HttpMethod.PATCH, SESSION.pattern()).order(ORDER).handler(this::chunk);
        router.routeWithRegex(HttpMethod.PUT, SESSION.pattern()).order(ORDER).handler(this::close);
    }

    /** {@code POST …/uploads/?digest=}: the whole blob in one request. Other POSTs go on to the JAX-RS resource. */
    private void monolithic(RoutingContext context) {
        String digest = context.request().getParam("digest");
        if (digest == null || digest.isBlank() || context.request().getParam("mount") != null) {
            context.next();
            return;
        }
        Matcher path = matched(START, context);
        serve(context, () -> {
            RepositoryName repository = Requests.name(path.group(1));
            Digest expected = Requests.digest(digest);
            return body -> created(repository, uploads.uploadWhole(repository, expected, body));
        });
    }

    /** {@code PATCH …/uploads/<id>}: one chunk, in order. */
    private void chunk(RoutingContext context) {
        Matcher path = matched(SESSION, context);
        serve(context, () -> {
            RepositoryName repository = Requests.name(path.group(1));
            UUID session = Requests.session(path.group(2));
            Optional<ContentRange> range = range(repository, session, context.request().getHeader("Content-Range"));
            long length = Requests.contentLength(context.request().getHeader("Content-Length"));
            return body -> accepted(uploads.append(repository, session, range, length, body));
        });
    }

    /** {@code PUT …/uploads/<id>?digest=}: an optional last chunk, then verification and publication. */
    private void close(RoutingContext context) {
        Matcher path = matched(SESSION, context);
        serve(context, () -> {
            RepositoryName repository = Requests.name(path.group(1));
            UUID session = Requests.session(path.group(2));
            String digest = context.request().getParam("digest");
            if (digest == null || digest.isBlank()) {
                throw new RegistryException(ErrorCode.DIGEST_INVALID, "closing an upload needs the digest parameter");
            }
            Digest expected = Requests.digest(digest);
            Optional<ContentRange> range = range(repository, session, context.request().getHeader("Content-Range"));
            long length = Requests.contentLength(context.request().getHeader("Content-Length"));
            return body -> created(repository, uploads.complete(repository, session, expected, range, length, body));
        });
    }

    /**
     * Runs the request on a worker thread (with a request context, for the database) while its body streams in, and
     * answers on the event loop.
     */
    private void serve(RoutingContext context, Preparation preparation) {
        if (!transfers.tryAcquire()) {
            // Each transfer holds a worker thread; beyond the limit, clients back off rather than queue up.
            context.response().setStatusCode(429).putHeader("Retry-After", "1").putHeader("Connection", "close")
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Docker-Distribution-API-Version", "registry/2.0")
                    .end(io.vertx.core.buffer.Buffer.buffer(errorBody(ErrorCode.TOO_MANY_REQUESTS.name(),
                            "too many uploads in progress, retry shortly", Map.of())));
            return;
        }
        if ("100-continue".equalsIgnoreCase(context.request().getHeader("Expect"))) {
            context.response().writeContinue(); // curl and others wait for it before sending a large body
        }
        RequestBodyStream body = new RequestBodyStream(context.request(), context.vertx().getOrCreateContext());
        context.vertx().<Reply>executeBlocking(() -> {
            ManagedContext requestContext = Arc.container().requestContext();
            requestContext.activate();
            try {
                return preparation.prepare().handle(body);
            } catch (RuntimeException e) {
                return failure(e);
            } finally {
                requestContext.terminate();
            }
        }, false).onComplete(result -> {
            transfers.release();
            Reply reply = result.succeeded() ? result.result() : failure(result.cause());
            HttpServerResponse response = context.response().setStatusCode(reply.status());
            reply.headers().forEach(response::putHeader);
            response.putHeader("Docker-Distribution-API-Version", "registry/2.0");
            if (!body.ended()) {
                response.putHeader("Connection", "close"); // the rest of the body is not read
            }
            if (reply.body() == null) {
                response.putHeader("Content-Length", "0").end();
            } else {
                response.putHeader("Content-Type", "application/json").end(io.vertx.core.buffer.Buffer.buffer(reply.body()));
            }
        });
    }

    private Optional<ContentRange> range(RepositoryName repository, UUID session, String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        Optional<ContentRange> range = ContentRange.parse(header);
        if (range.isEmpty()) {
            throw new RangeNotSatisfiableException(repository.value(), session,
                    uploads.status(repository, session).received(), "Content-Range must be <start>-<end>, got " + header);
        }
        return range;
    }

    private Reply failure(Throwable error) {
        if (error instanceof RangeNotSatisfiableException range) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Location", Locations.upload(range.repository(), range.session()));
            headers.put("Range", Locations.range(range.received()));
            headers.put("Docker-Upload-UUID", range.session().toString());
            return new Reply(416, headers, errorBody(ErrorCode.BLOB_UPLOAD_INVALID.name(), range.getMessage(),
                    Map.of("received", range.received())));
        }
        if (error instanceof RegistryException registry) {
            return new Reply(registry.status(), Map.of(),
                    errorBody(registry.code().name(), registry.getMessage(), registry.detail()));
        }
        if (error instanceof UncheckedIOException io) {
            LOG.warnf("upload failed: %s", io.getCause().getMessage());
            return new Reply(500, Map.of(), errorBody(ErrorCode.BLOB_UPLOAD_INVALID.name(),
                    "the upload could not be stored: " + io.getCause().getMessage(), Map.of()));
        }
        LOG.error("upload failed", error);
        return new Reply(500, Map.of(), errorBody(ErrorCode.BLOB_UPLOAD_INVALID.name(),
                "the upload failed inside the registry", Map.of()));
    }

    private byte[] errorBody(String code, String message, Map<String, Object> detail) {
        try {
            return json.writeValueAsBytes(OciErrorBody.of(code, message, detail));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("error bodies are plain records", e);
        }
    }

    private static Matcher matched(Pattern pattern, RoutingContext context) {
        Matcher matcher = pattern.matcher(context.normalizedPath());
        if (!matcher.matches()) {
            throw new IllegalStateException("route regex and pattern disagree on " + context.normalizedPath());
        }
        return matcher;
    }

    private static Reply created(RepositoryName repository, BlobInfo blob) {
        return new Reply(201, Map.of("Location", Locations.blob(repository.value(), blob.digest()),
                "Docker-Content-Digest", blob.digest().toString()), null);
    }

    private static Reply accepted(UploadStatus status) {
        return new Reply(202, Map.of("Location", Locations.upload(status.repository().value(), status.id()),
                "Range", Locations.range(status.received()), "Docker-Upload-UUID", status.id().toString()), null);
    }

    /** Validates what the URL and headers say (before the body is read) and returns what to do with the body. */
    @FunctionalInterface
    private interface Preparation {
        Handling prepare();
    }

    /** Consumes the body and produces the answer. */
    @FunctionalInterface
    private interface Handling {
        Reply handle(InputStream body);
    }

    /** An answer: status, headers and an optional JSON body. */
    private record Reply(int status, Map<String, String> headers, byte[] body) {
    }
}
