package dev.slipway.registry.client;

/**
 * Receives what the client sees on the wire that operators care about (fed into metrics). Implementations must be
 * thread-safe and fast.
 */
public interface RegistryObserver {

    /** An observer that ignores everything. */
    RegistryObserver NONE = new RegistryObserver() { };

    /**
     * A request is retried.
     *
     * @param registry the registry name
     * @param reason why (status code, exception)
     */
    default void retried(String registry, String reason) { }

    /** A response carried rate-limit headers. */
    default void rateLimit(String registry, RateLimit rateLimit) { }

    /** Blob bytes were received from the registry. */
    default void bytesPulled(String registry, long bytes) { }

    /** Blob bytes were sent to the registry. */
    default void bytesPushed(String registry, long bytes) { }
}
