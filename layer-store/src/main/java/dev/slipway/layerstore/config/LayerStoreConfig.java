package dev.slipway.layerstore.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Configuration of the layer-store, read once under the {@code layerstore} prefix. Every default is declared here and
 * nowhere else.
 */
@ConfigMapping(prefix = "layerstore")
public interface LayerStoreConfig {

    /** Where blob bytes live. */
    Storage storage();

    /** Manifest limits. */
    Manifests manifests();

    /** Upload sessions. */
    Uploads uploads();

    /** Garbage collection. */
    Gc gc();

    /** The cluster-wide build cache. */
    Cache cache();

    /** Pagination of tag, catalog and image listings. */
    Listing listing();

    /** The registry token flow on {@code /v2}. */
    Auth auth();

    /** Blob storage. */
    interface Storage {
        /** Root of the content-addressed tree ({@code <root>/sha256/ab/abcdef…}, {@code uploads/}, {@code tmp/}). */
        @WithDefault("${SLIPWAY_DATA:.slipway}/blobs")
        Path root();

        /**
         * Write uploaded bytes with {@code O_DIRECT}, bypassing the page cache: about half the CPU of an upload and a
         * faster {@code PUT}, but a blob just pushed is then read from the disk by its first pull (see the README,
         * "Performance"). Filesystems without {@code O_DIRECT} (tmpfs) fall back to ordinary writes.
         */
        @WithDefault("false")
        boolean directWrites();

        /**
         * Send blobs to clients on this host by reading and writing them on the event loop instead of with
         * {@code sendfile}: on loopback {@code sendfile} leaves the receiving process to copy every byte out of the
         * page cache alone (see the README, "Performance"). Clients on other hosts always get {@code sendfile}.
         */
        @WithDefault("true")
        boolean copyToLocalClients();
    }

    /** Manifest limits. */
    interface Manifests {
        /** Largest manifest accepted, in bytes (the spec's 4 MiB). */
        @WithDefault("4194304")
        int maxBytes();
    }

    /** Upload sessions. */
    interface Uploads {
        /** An upload session untouched for this long is abandoned and removed. */
        @WithDefault("PT24H")
        Duration expiry();

        /** Requests carrying blob bytes served at once; beyond it clients are told to retry (429). */
        @WithDefault("64")
        int maxConcurrent();
    }

    /** Garbage collection. */
    interface Gc {
        /** Unreferenced content younger than this is kept: a push may still be about to reference it. */
        @WithDefault("PT1H")
        Duration gracePeriod();

        /** How often the scheduled collection runs (Quarkus scheduler syntax, e.g. {@code 6h}; {@code off} disables). */
        @WithDefault("6h")
        String every();

        /**
         * Where the gateway stores build contexts. A context stays while it is linked there (the job is not finished;
         * unlinking it with {@code DELETE /v2/<repo>/blobs/<digest>} releases it), at most this retention.
         */
        @WithDefault("slipway-internal/build-contexts")
        String buildContextRepository();

        /** Longest a build context is kept for a job that never finished. */
        @WithDefault("P7D")
        Duration buildContextRetention();

        /** Where workers upload container layers that wait for a commit. */
        @WithDefault("slipway-internal/pending-layers")
        String pendingLayerRepository();

        /** How long an uncommitted container layer is kept. */
        @WithDefault("PT24H")
        Duration pendingLayerExpiry();
    }

    /** The build cache. */
    interface Cache {
        /** Most entries kept; the least recently used ones are evicted beyond this. */
        @WithDefault("10000")
        int maxEntries();

        /** Most layer bytes the cache keeps alive; the least recently used entries are evicted beyond this. */
        @WithDefault("21474836480")
        long maxBytes();
    }

    /** Listing pagination. */
    interface Listing {
        /** Largest page a client may ask for with {@code n}. */
        @WithDefault("10000")
        int maxPageSize();
    }

    /**
     * Docker's registry token flow: {@code /v2} requests carry a bearer JWT issued by the gateway's token endpoint.
     *
     * @see <a href="https://distribution.github.io/distribution/spec/auth/token/">token authentication</a>
     */
    interface Auth {
        /** Whether {@code /v2} requires tokens; off, every request is served as before. */
        @WithDefault("true")
        boolean enabled();

        /** The token endpoint clients are sent to by the {@code WWW-Authenticate} challenge. */
        @WithDefault("http://127.0.0.1:8080/api/v1/token")
        URI realm();

        /** This registry's name as a token audience ({@code aud}) and in the challenge. */
        @WithDefault("slipway-registry")
        String service();

        /** The only accepted token issuer ({@code iss}). */
        @WithDefault("slipway")
        String issuer();

        /** The JWKS with the issuer's public keys; fetched on first need, again when a token names an unknown key. */
        @WithDefault("http://127.0.0.1:8080/api/v1/token/keys")
        URI jwksUrl();

        /** Least time between two JWKS fetches, so tokens with made-up key ids cannot hammer the issuer. */
        @WithDefault("PT10S")
        Duration jwksRefetchInterval();

        /** How long a JWKS fetch may take. */
        @WithDefault("PT5S")
        Duration jwksTimeout();

        /** Tolerated clock difference with the issuer when checking {@code exp} and {@code nbf}. */
        @WithDefault("PT30S")
        Duration clockSkew();

        /** Verified tokens kept so that a request costs one lookup; expired ones are dropped beyond this. */
        @WithDefault("10000")
        int cachedTokens();
    }
}
