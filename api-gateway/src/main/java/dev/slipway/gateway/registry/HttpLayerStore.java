package dev.slipway.gateway.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.MediaTypes;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.common.oci.Tag;
import dev.slipway.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link LayerStore} over HTTP with the JDK client: the OCI distribution API plus the layer-store's /api/v1/images.
 * Every call carries a registry token for exactly the scopes it needs ({@link LayerStoreCredentials}: the gateway
 * signs them for itself, subject {@code slipway-gateway}), so the calls keep working when the layer-store enforces
 * the token flow.
 */
@ApplicationScoped
class HttpLayerStore implements LayerStore {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String MANIFEST_ACCEPT = String.join(", ", MediaTypes.OCI_MANIFEST.value(),
            MediaTypes.OCI_INDEX.value(), MediaTypes.DOCKER_MANIFEST.value(), MediaTypes.DOCKER_MANIFEST_LIST.value());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The layer-store's image listing spans repositories: the catalog scope lets it see them all. */
    private static final String CATALOG = "registry:catalog:*";
    private static final int CATALOG_PAGE = 1000;

    private final URI base;
    private final LayerStoreCredentials credentials;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    HttpLayerStore(GatewayConfig config, LayerStoreCredentials credentials) {
        this.credentials = credentials;
        String url = config.layerStoreUrl().toString();
        this.base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }

    @Override
    public boolean hasBlob(RepositoryName repository, Digest digest) {
        // HEAD /v2/<name>/blobs/<digest>
        HttpResponse<Void> response = send(request(v2(repository, "blobs/" + digest), pull(repository)).method("HEAD",
                HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.discarding());
        return response.statusCode() == 200;
    }

    @Override
    public void putBlob(RepositoryName repository, Digest digest, Path file) {
        // POST /v2/<name>/blobs/uploads/
        HttpResponse<String> started = send(request(v2(repository, "blobs/uploads/"), push(repository))
                .POST(HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.ofString());
        expect(started, 202, "start an upload to " + repository);
        String location = started.headers().firstValue("Location")
                .orElseThrow(() -> new LayerStoreException("upload to " + repository + " answered no Location", null));
        URI target = base.resolve(location);
        String separator = target.getQuery() == null ? "?" : "&";
        // PUT <Location>?digest=<digest> with the whole blob
        try {
            HttpResponse<String> put = send(HttpRequest.newBuilder(URI.create(target + separator + "digest="
                            + URLEncoder.encode(digest.toString(), StandardCharsets.UTF_8)))
                    .timeout(Duration.ofMinutes(10))
                    .header("Authorization", "Bearer " + credentials.bearer(push(repository)))
                    .header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofFile(file)), HttpResponse.BodyHandlers.ofString());
            expect(put, 201, "upload " + digest + " to " + repository);
        } catch (FileNotFoundException e) {
            throw new LayerStoreException("the blob file vanished: " + file, e);
        }
    }

    @Override
    public Optional<byte[]> smallBlob(RepositoryName repository, Digest digest) {
        HttpResponse<byte[]> response = send(request(v2(repository, "blobs/" + digest), pull(repository)).GET(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        expect(response, 200, "read blob " + repository + "@" + digest);
        byte[] bytes = response.body();
        if (!Digest.of(digest.algorithm(), bytes).equals(digest)) {
            throw new LayerStoreException("blob " + digest + " of " + repository + " does not match its digest", null);
        }
        return Optional.of(bytes);
    }

    @Override
    public Optional<RawManifest> manifest(RepositoryName repository, String reference) {
        HttpResponse<byte[]> response = send(request(v2(repository, "manifests/" + reference), pull(repository))
                .header("Accept", MANIFEST_ACCEPT).GET(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        expect(response, 200, "read manifest " + repository + ":" + reference);
        byte[] bytes = response.body();
        String mediaType = response.headers().firstValue("Content-Type").orElse(MediaTypes.OCI_MANIFEST.value());
        return Optional.of(new RawManifest(bytes, mediaType, Digest.sha256(bytes)));
    }

    @Override
    public void putManifest(RepositoryName repository, Tag tag, RawManifest manifest) {
        putManifest(repository, tag.value(), manifest);
    }

    @Override
    public void putManifest(RepositoryName repository, RawManifest manifest) {
        putManifest(repository, manifest.digest().toString(), manifest);
    }

    private void putManifest(RepositoryName repository, String reference, RawManifest manifest) {
        HttpResponse<String> response = send(request(v2(repository, "manifests/" + reference), push(repository))
                .header("Content-Type", manifest.mediaType())
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest.bytes())), HttpResponse.BodyHandlers.ofString());
        expect(response, 201, "store manifest " + repository + ":" + reference);
    }

    @Override
    public boolean mountBlob(RepositoryName to, RepositoryName from, Digest digest) {
        // POST /v2/<to>/blobs/uploads/?mount=<digest>&from=<from>
        HttpResponse<String> response = send(request(v2(to, "blobs/uploads/?mount="
                        + URLEncoder.encode(digest.toString(), StandardCharsets.UTF_8) + "&from=" + from.value()),
                        push(to), pull(from))
                .POST(HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 201;
    }

    @Override
    public List<Tag> tags(RepositoryName repository) {
        HttpResponse<byte[]> response = send(request(v2(repository, "tags/list"), pull(repository)).GET(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 404) {
            return List.of();
        }
        expect(response, 200, "list tags of " + repository);
        List<Tag> tags = new ArrayList<>();
        for (JsonNode tag : readTree(response.body()).path("tags")) {
            tags.add(Tag.parse(tag.asText()));
        }
        return tags;
    }

    @Override
    public boolean deleteTag(RepositoryName repository, Tag tag) {
        return delete(repository, tag.value());
    }

    @Override
    public boolean deleteManifest(RepositoryName repository, Digest digest) {
        return delete(repository, digest.toString());
    }

    private boolean delete(RepositoryName repository, String reference) {
        HttpResponse<String> response = send(request(v2(repository, "manifests/" + reference),
                        "repository:" + repository.value() + ":delete").DELETE(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return false;
        }
        expect(response, 202, "delete " + repository + ":" + reference);
        return true;
    }

    @Override
    public List<RepositoryName> repositories() {
        List<RepositoryName> names = new ArrayList<>();
        URI next = base.resolve("/v2/_catalog?n=" + CATALOG_PAGE);
        while (next != null) {
            HttpResponse<byte[]> response = send(request(next, CATALOG).GET(), HttpResponse.BodyHandlers.ofByteArray());
            expect(response, 200, "list repositories");
            for (JsonNode name : readTree(response.body()).path("repositories")) {
                names.add(RepositoryName.parse(name.asText()));
            }
            // Link: </v2/_catalog?last=x&n=1000>; rel="next"
            next = response.headers().firstValue("Link")
                    .filter(link -> link.contains("rel=\"next\"") && link.startsWith("<") && link.indexOf('>') > 1)
                    .map(link -> base.resolve(link.substring(1, link.indexOf('>'))))
                    .orElse(null);
        }
        return names;
    }

    @Override
    public JsonNode images(String repository) {
        String query = repository == null ? "" : "?repository=" + URLEncoder.encode(repository, StandardCharsets.UTF_8);
        HttpResponse<byte[]> response = send(request(base.resolve("/api/v1/images" + query), CATALOG).GET(),
                HttpResponse.BodyHandlers.ofByteArray());
        expect(response, 200, "list images");
        return readTree(response.body());
    }

    private URI v2(RepositoryName repository, String rest) {
        return base.resolve("/v2/" + repository.value() + "/" + rest);
    }

    /** A request carrying a token the gateway signs itself for exactly the scopes the call needs. */
    private HttpRequest.Builder request(URI uri, String... scopes) {
        return HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + credentials.bearer(scopes));
    }

    private static String pull(RepositoryName repository) {
        return "repository:" + repository.value() + ":pull";
    }

    /** Uploads need pull as well, as Distribution's challenge for them asks. */
    private static String push(RepositoryName repository) {
        return "repository:" + repository.value() + ":pull,push";
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
        HttpRequest built = request.build();
        try {
            return http.send(built, handler);
        } catch (IOException e) {
            throw new LayerStoreException("layer-store at " + base + " unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LayerStoreException("interrupted while calling the layer-store", e);
        }
    }

    private static void expect(HttpResponse<?> response, int status, String what) {
        if (response.statusCode() != status) {
            Object body = response.body();
            String text = body instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(body);
            throw new LayerStoreException("layer-store could not " + what + ": HTTP " + response.statusCode() + " "
                    + (text.length() > 300 ? text.substring(0, 300) : text), null);
        }
    }

    private static JsonNode readTree(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new LayerStoreException("layer-store answered malformed JSON", e);
        }
    }
}
