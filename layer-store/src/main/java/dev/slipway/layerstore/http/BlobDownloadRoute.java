package dev.slipway.layerstore.http;

import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.layerstore.blob.BlobStore;
import dev.slipway.layerstore.config.LayerStoreConfig;
import dev.slipway.layerstore.metrics.RegistryMetrics;
import dev.slipway.layerstore.repository.KnownLinks;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET} of a whole blob and {@code HEAD /v2/<name>/blobs/<digest>} whose link this process already knows
 * ({@link KnownLinks}), answered on the event loop: no hand-over to a worker thread and no database round trip (a pull
 * right after a push, a blob pulled before, a client checking what it is about to push). Everything else — a
 * {@code Range}, an unknown link, a malformed name — goes on to {@link BlobResource}, which answers it in full (a
 * {@code 404} included) and teaches {@link KnownLinks} the links it finds.
 *
 * <p>The body is {@code sendfile}d, except to clients on this host, which get it copied ({@link FileCopyStream}) unless
 * {@code layerstore.storage.copy-to-local-clients} is off.
 */
@ApplicationScoped
public class BlobDownloadRoute {

    private static final Pattern BLOB = Pattern.compile("/v2/(.+)/blobs/([^/]+)");
    /** After the {@link AuthGate}, ahead of the JAX-RS routes. */
    private static final int ORDER = -1000;

    private final KnownLinks links;
    private final BlobStore blobs;
    private final RegistryMetrics metrics;
    private final boolean copyToLocalClients;

    BlobDownloadRoute(KnownLinks links, BlobStore blobs, RegistryMetrics metrics, LayerStoreConfig config) {
        this.links = links;
        this.blobs = blobs;
        this.metrics = metrics;
        this.copyToLocalClients = config.storage().copyToLocalClients();
    }

    void register(@Observes Router router) {
        router.routeWithRegex(HttpMethod.GET, BLOB.pattern()).order(ORDER).handler(this::get);
        router.routeWithRegex(HttpMethod.HEAD, BLOB.pattern()).order(ORDER).handler(this::head);
    }

    private void get(RoutingContext context) {
        HttpServerRequest request = context.request();
        Matcher path = BLOB.matcher(context.normalizedPath());
        if (request.getHeader("Range") != null || !path.matches()) {
            context.next();
            return;
        }
        Optional<Served> blob = known(path.group(1), path.group(2));
        if (blob.isEmpty()) {
            context.next();
            return;
        }
        Digest digest = blob.get().digest();
        long size = blob.get().size();
        HttpServerResponse response = request.response().setStatusCode(200)
                .putHeader("Docker-Distribution-API-Version", "registry/2.0"); // ApiVersionFilter is JAX-RS only
        BlobHeaders.put(digest, size, response::putHeader);
        metrics.served(size);
        if (!copyToLocalClients || !fromThisHost(request)) {
            response.sendFile(blob.get().file().toString(), 0, size);
            return;
        }
        try {
            FileCopyStream.send(request, blob.get().file(), size);
        } catch (IOException vanished) { // collected between the check and the open: let the full path answer
            response.headers().clear();
            context.next();
        }
    }

    private void head(RoutingContext context) {
        Matcher path = BLOB.matcher(context.normalizedPath());
        Optional<Served> blob = path.matches() ? known(path.group(1), path.group(2)) : Optional.empty();
        if (blob.isEmpty()) {
            context.next();
            return;
        }
        HttpServerResponse response = context.request().response().setStatusCode(200) // get()'s headers, no body
                .putHeader("Docker-Distribution-API-Version", "registry/2.0");
        BlobHeaders.put(blob.get().digest(), blob.get().size(), response::putHeader);
        response.end();
    }

    /** @return the blob when the name and digest are valid, the link is known and the file is there */
    private Optional<Served> known(String name, String digest) {
        RepositoryName repository;
        Digest parsed;
        try {
            repository = Requests.name(name);
            parsed = Requests.digest(digest);
        } catch (RuntimeException invalid) {
            return Optional.empty(); // BlobResource answers it with the right OCI error
        }
        Optional<Long> size = links.size(repository, parsed);
        if (size.isEmpty()) {
            return Optional.empty();
        }
        return blobs.localFile(parsed).map(file -> new Served(parsed, size.get(), file));
    }

    private static boolean fromThisHost(HttpServerRequest request) {
        if (request.remoteAddress() == null || request.remoteAddress().hostAddress() == null) {
            return false;
        }
        try {
            return InetAddress.getByName(request.remoteAddress().hostAddress()).isLoopbackAddress(); // a literal: no DNS
        } catch (UnknownHostException notAnAddress) {
            return false;
        }
    }

    /** A blob to send. */
    private record Served(Digest digest, long size, Path file) {
    }
}
