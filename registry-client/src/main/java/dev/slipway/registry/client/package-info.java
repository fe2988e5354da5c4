/**
 * Client for the Registry v2 / OCI Distribution protocol, shared by build-worker and registry-sync for every registry
 * they talk to: upstream registries (Docker Hub or any v2 registry) and the farm's own layer-store.
 *
 * <p>{@link dev.slipway.registry.client.RegistryClient} is the only entry point; a
 * {@link dev.slipway.registry.client.RegistryEndpoint} says where a registry is and which
 * {@link dev.slipway.registry.client.CredentialsProvider} logs in to it, a
 * {@link dev.slipway.registry.client.RetryPolicy} how hard to try, and a
 * {@link dev.slipway.registry.client.RegistryObserver} receives retries, rate limits and byte counts. Each protocol
 * operation lives in its own package-private class, the {@code WWW-Authenticate} challenge is parsed in one place
 * ({@code AuthChallenge}), and authentication, retries and rate-limit handling live in the shared {@code Transport}.
 *
 * @see <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md">OCI Distribution Spec</a>
 * @see <a href="https://distribution.github.io/distribution/spec/auth/token/">Docker registry token authentication</a>
 */
package dev.slipway.registry.client;
