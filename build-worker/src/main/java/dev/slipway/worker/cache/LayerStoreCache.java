package dev.slipway.worker.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.common.oci.Descriptor;
import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.ImageConfig;
import dev.slipway.common.oci.MediaType;
import dev.slipway.common.oci.MediaTypes;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.worker.registry.LayerStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * A {@link BuildCache} in the layer-store's cache API: {@code GET/PUT /api/v1/cache/{key}} with
 * {@code {"layer":{…},"diffId","configChange"}}. The layer-store keeps entries in its database, evicts the least
 * recently used ones and keeps their layers alive through garbage collection; the layers themselves are uploaded into
 * {@link #REPOSITORY} first (the API refuses an entry whose layer it does not store).
 *
 * <p>The API knows only entries that carry a layer, so two kinds of value ride on a fixed empty layer (an empty tar,
 * gzipped) and say so in {@code configChange}: a filesystem step that changed nothing ({@code "emptyLayer":true}),
 * and the record of a build's key parts that explains the next build's misses ({@code "record":[…]}, keyed
 * {@code record.<sha256 of Dockerfile path and tags>}). The step's history entry travels in
 * {@code configChange.history}. Thread-safe.
 */
final class LayerStoreCache implements BuildCache {

    /** The repository holding cached layers (and so the blobs every hit mounts from). */
    static final RepositoryName REPOSITORY = RepositoryName.parse("slipway-internal/build-cache");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int ATTEMPTS = 3;
    /** The placeholder layer: 1024 zero bytes (an empty tar), gzipped with a fixed header. */
    private static final byte[] EMPTY_TAR_GZ = gzip(new byte[1024]);
    private static final Descriptor EMPTY_LAYER = Descriptor.of(MediaTypes.OCI_LAYER_GZIP, EMPTY_TAR_GZ);
    private static final Digest EMPTY_DIFF_ID = Digest.sha256(new byte[1024]);

    private final String cacheApi;
    private final LayerStore registry;
    private final HttpClient http;
    private volatile boolean emptyLayerStored;

    LayerStoreCache(URI base, LayerStore registry) {
        String b = base.toString();
        this.cacheApi = (b.endsWith("/") ? b : b + "/") + "api/v1/cache/";
        this.registry = registry;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public RepositoryName blobRepository() {
        return REPOSITORY;
    }

    @Override
    public Optional<CacheEntry> lookup(Digest key) throws IOException {
        return get(key.toString()).map(LayerStoreCache::entry);
    }

    @Override
    public void store(Digest key, CacheEntry entry, Path layerFile) throws IOException {
        ObjectNode change = JSON.createObjectNode();
        change.set("history", history(entry.history()));
        Descriptor layer;
        Digest diffId;
        if (entry.layer() == null) {
            change.put("emptyLayer", true);
            layer = storeEmptyLayer();
            diffId = EMPTY_DIFF_ID;
        } else {
            // PUT /v2/slipway-internal/build-cache/blobs/uploads/… unless it is there
            registry.pushBlob(REPOSITORY, entry.layer().digest(), layerFile);
            layer = entry.layer();
            diffId = entry.diffId();
        }
        put(key.toString(), layer, diffId, change);
    }

    @Override
    public Optional<List<Map<String, String>>> lastBuild(String subject) throws IOException {
        Optional<JsonNode> found = get(recordKey(subject));
        if (found.isEmpty() || !found.get().path("configChange").path("record").isArray()) {
            return Optional.empty();
        }
        List<Map<String, String>> steps = new ArrayList<>();
        for (JsonNode step : found.get().path("configChange").path("record")) {
            Map<String, String> parts = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = step.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                parts.put(e.getKey(), e.getValue().asText());
            }
            steps.add(parts);
        }
        return Optional.of(steps);
    }

    @Override
    public void recordBuild(String subject, List<Map<String, String>> steps) throws IOException {
        ObjectNode change = JSON.createObjectNode();
        ArrayNode record = change.putArray("record");
        for (Map<String, String> parts : steps) {
            ObjectNode step = record.addObject();
            parts.forEach(step::put);
        }
        put(recordKey(subject), storeEmptyLayer(), EMPTY_DIFF_ID, change);
    }

    private Descriptor storeEmptyLayer() throws IOException {
        if (!emptyLayerStored) {
            registry.pushBlob(REPOSITORY, EMPTY_TAR_GZ);
            emptyLayerStored = true;
        }
        return EMPTY_LAYER;
    }

    /** {@code GET /api/v1/cache/{key}}: the entry, or empty on {@code 404 CACHE_MISS}. */
    private Optional<JsonNode> get(String key) throws IOException {
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(URI.create(cacheApi + key)).timeout(TIMEOUT)
                .header("Accept", "application/json").GET().build());
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        if (r.statusCode() != 200) {
            throw failure("GET", key, r);
        }
        return Optional.of(JSON.readTree(r.body()));
    }

    /** {@code PUT /api/v1/cache/{key}} (201 new, 200 replaced; 409 {@code LAYER_UNKNOWN} if the layer is gone). */
    private void put(String key, Descriptor layer, Digest diffId, ObjectNode change) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode l = body.putObject("layer");
        l.put("mediaType", layer.mediaType().value());
        l.put("digest", layer.digest().toString());
        l.put("size", layer.size());
        body.put("diffId", diffId.toString());
        body.set("configChange", change);
        HttpRequest put = HttpRequest.newBuilder(URI.create(cacheApi + key)).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
        // two workers (or two stages) storing the same key at once: the layer-store answers one of them 500 (its
        // inserts race); the entry is the same, so the retry in send() finds it and replaces it
        HttpResponse<byte[]> r = send(put);
        if (r.statusCode() != 200 && r.statusCode() != 201) {
            throw failure("PUT", key, r);
        }
    }

    /** Sends a GET or PUT (both idempotent), again after a network error, a timeout or a 5xx, up to 3 times. */
    private HttpResponse<byte[]> send(HttpRequest request) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() < 500 || attempt == ATTEMPTS) {
                    return r;
                }
            } catch (IOException e) {
                if (attempt == ATTEMPTS) {
                    throw new IOException("layer-store cache: " + request.method() + " " + request.uri() + ": " + e, e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while calling the layer-store's cache API", e);
            }
            try {
                Thread.sleep(200L * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while calling the layer-store's cache API", e);
            }
        }
    }

    private IOException failure(String method, String key, HttpResponse<byte[]> r) {
        String detail = new String(r.body(), StandardCharsets.UTF_8);
        try {
            JsonNode problem = JSON.readTree(r.body());
            if (problem != null && problem.hasNonNull("detail")) {
                detail = problem.path("code").asText("") + ": " + problem.get("detail").asText();
            }
        } catch (IOException notJson) {
            // keep the raw body
        }
        return new IOException("layer-store cache: " + method + " " + key + " answered " + r.statusCode() + " "
                + detail.strip());
    }

    private static CacheEntry entry(JsonNode n) {
        JsonNode change = n.path("configChange");
        JsonNode h = change.path("history");
        boolean empty = change.path("emptyLayer").asBoolean(false);
        ImageConfig.History history = new ImageConfig.History(
                h.hasNonNull("created") ? Instant.parse(h.get("created").asText()) : null,
                h.path("createdBy").asText(null), h.path("author").asText(null), h.path("comment").asText(null),
                empty);
        if (empty) {
            return new CacheEntry(null, null, history);
        }
        JsonNode l = n.path("layer");
        Descriptor layer = Descriptor.of(new MediaType(l.path("mediaType").asText()),
                Digest.parse(l.path("digest").asText()), l.path("size").asLong());
        return new CacheEntry(layer, Digest.parse(n.path("diffId").asText()), history);
    }

    private static ObjectNode history(ImageConfig.History h) {
        ObjectNode n = JSON.createObjectNode();
        if (h.created() != null) {
            n.put("created", h.created().toString());
        }
        n.put("createdBy", h.createdBy());
        if (h.author() != null) {
            n.put("author", h.author());
        }
        if (h.comment() != null) {
            n.put("comment", h.comment());
        }
        return n;
    }

    private static String recordKey(String subject) {
        return "record." + Digest.sha256(subject.getBytes(StandardCharsets.UTF_8)).hex();
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip in memory", e);
        }
        return out.toByteArray();
    }
}
