package dev.slipway.worker.cache;

import dev.slipway.common.oci.Digest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cache key of a build step: a digest over the parent step's key (or the base image's manifest digest), the
 * instruction after substitution, the build arguments it uses and, for COPY/ADD, the digests, paths, modes and
 * owners of its sources (never mtimes). The named parts are kept so that a miss can say which one changed.
 *
 * @param digest the key
 * @param parts the named components, in order
 */
public record CacheKey(Digest digest, Map<String, String> parts) {

    public CacheKey {
        parts = Collections.unmodifiableMap(new LinkedHashMap<>(parts));
    }

    /** Starts a key. */
    public static Builder builder() {
        return new Builder();
    }

    /** Accumulates named parts; each part's name and value are length-prefixed so no two inputs collide. */
    public static final class Builder {
        private final Map<String, String> parts = new LinkedHashMap<>();

        public Builder part(String name, String value) {
            parts.put(name, value == null ? "" : value);
            return this;
        }

        public CacheKey build() {
            StringBuilder sb = new StringBuilder("slipway-step-v1\n");
            for (Map.Entry<String, String> e : parts.entrySet()) {
                sb.append(e.getKey().length()).append(':').append(e.getKey())
                        .append(e.getValue().length()).append(':').append(e.getValue()).append('\n');
            }
            return new CacheKey(Digest.sha256(sb.toString().getBytes(StandardCharsets.UTF_8)), parts);
        }
    }

    /**
     * The names of the parts that differ from {@code previous} (present in one and not the other, or different).
     */
    public List<String> differences(Map<String, String> previous) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : parts.entrySet()) {
            if (!e.getValue().equals(previous.get(e.getKey()))) {
                out.add(e.getKey());
            }
        }
        for (String k : previous.keySet()) {
            if (!parts.containsKey(k)) {
                out.add(k);
            }
        }
        return out;
    }
}
