package dev.slipway.gateway.build;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.common.job.BuildSpec;
import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.DigestingOutputStream;
import dev.slipway.common.oci.ImageReference;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.gateway.config.GatewayConfig;
import dev.slipway.gateway.error.ApiException;
import dev.slipway.gateway.error.ErrorCode;
import dev.slipway.gateway.job.JobService;
import dev.slipway.gateway.job.JobSubmissions;
import dev.slipway.gateway.job.api.JobView;
import dev.slipway.gateway.registry.LayerStore;
import dev.slipway.gateway.tenant.Caller;
import dev.slipway.gateway.tenant.NamespacePolicy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Accepts a build: validates and authorises the flags first (nothing is read or stored for a refused request), streams
 * the context to a temporary file while digesting and capping it, checks it is a tar, stores it once in the
 * layer-store (identical contexts dedupe by digest), then submits the job.
 */
@ApplicationScoped
class BuildService {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RepositoryName CONTEXTS = RepositoryName.parse(BuildSpec.CONTEXT_REPOSITORY);

    private final JobService jobs;
    private final NamespacePolicy policy;
    private final LayerStore layerStore;
    private final GatewayConfig config;

    BuildService(JobService jobs, NamespacePolicy policy, LayerStore layerStore, GatewayConfig config) {
        this.jobs = jobs;
        this.policy = policy;
        this.layerStore = layerStore;
        this.config = config;
    }

    /**
     * Parses the query of a build request.
     *
     * @throws ApiException or an {@code InvalidReferenceException} for bad input
     */
    BuildParameters parameters(Caller caller, List<String> tags, String buildArgs, String target,
            String dockerfile, boolean noCache, String sourceDateEpoch, String labels) {
        List<ImageReference> references = new ArrayList<>();
        for (String tag : tags) {
            ImageReference reference = JobSubmissions.reference(tag);
            if (reference.digest() != null) {
                throw new ApiException(ErrorCode.INVALID_REFERENCE, "invalid reference \"" + tag
                        + "\": a build tag cannot carry a digest");
            }
            policy.requireWrite(caller, reference.repository());
            references.add(reference);
        }
        Map<String, String> args = jsonMap("buildargs", buildArgs);
        Long epoch = null;
        String epochText = sourceDateEpoch != null ? sourceDateEpoch : args.get("SOURCE_DATE_EPOCH");
        if (epochText != null) {
            try {
                epoch = Long.parseLong(epochText);
            } catch (NumberFormatException e) {
                epoch = -1L;
            }
            if (epoch < 0) {
                throw new ApiException(ErrorCode.INVALID_REQUEST,
                        "SOURCE_DATE_EPOCH must be a non-negative number of seconds, not \"" + epochText + "\"");
            }
        }
        if (dockerfile != null && (dockerfile.startsWith("/") || List.of(dockerfile.split("/")).contains(".."))) {
            throw new ApiException(ErrorCode.INVALID_REQUEST,
                    "dockerfile must be a relative path inside the context, not \"" + dockerfile + "\"");
        }
        return new BuildParameters(references, args, target, dockerfile, noCache, epoch, jsonMap("labels", labels));
    }

    /**
     * Stores the context and submits the build.
     *
     * @param caller        the owner
     * @param parameters    validated flags
     * @param body          the context tar (optionally gzip)
     * @param contentLength the declared length or -1
     * @param ttl           queue TTL or null for the default
     * @return the accepted job
     */
    JobView submit(Caller caller, BuildParameters parameters, InputStream body, long contentLength,
            Duration ttl) {
        long cap = config.jobs().maxContextSize().asLongValue();
        if (contentLength > cap) {
            throw tooLarge(cap);
        }
        Path file = null;
        try {
            file = Files.createTempFile("slipway-context-", ".tar");
            Digest digest;
            long size;
            try (DigestingOutputStream out = new DigestingOutputStream(new BufferedOutputStream(
                    Files.newOutputStream(file), 1 << 16))) {
                copyCapped(body, out, cap);
                out.flush();
                digest = out.digest();
                size = out.byteCount();
            }
            if (!TarSniffer.isTar(file)) {
                throw new ApiException(ErrorCode.NOT_A_TAR,
                        "the request body must be the build context as a tar archive, optionally gzip-compressed");
            }
            if (!layerStore.hasBlob(CONTEXTS, digest)) {
                layerStore.putBlob(CONTEXTS, digest, file);
            }
            BuildSpec spec = new BuildSpec(digest, size, parameters.tags(), parameters.buildArgs(),
                    parameters.target(), parameters.dockerfile(), parameters.noCache(), parameters.sourceDateEpoch(),
                    parameters.labels(), Map.of());
            List<String> images = parameters.tags().stream().map(JobSubmissions::local).toList();
            return jobs.submit(caller, spec, images, ttl);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the build context failed", e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // a temp file left behind is harmless; the OS cleans its temp dir
                }
            }
        }
    }

    /** @return the client's queue TTL, checked */
    Duration queueTtl(Integer seconds) {
        return jobs.queueTtl(seconds);
    }

    private static void copyCapped(InputStream in, OutputStream out, long cap) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > cap) {
                throw tooLarge(cap);
            }
            out.write(buffer, 0, n);
        }
    }

    private static ApiException tooLarge(long cap) {
        return new ApiException(ErrorCode.CONTEXT_TOO_LARGE, "the build context exceeds the limit of " + cap
                + " bytes (gateway.jobs.max-context-size); add a .dockerignore or raise the limit");
    }

    private static Map<String, String> jsonMap(String name, String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            Map<String, String> map = JSON.readValue(json, new TypeReference<LinkedHashMap<String, String>>() { });
            map.values().removeIf(Objects::isNull);
            return map;
        } catch (IOException e) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, name + " must be a JSON object of strings, e.g. "
                    + "{\"KEY\":\"value\"}");
        }
    }
}
