/**
 * Client for the Registry v2 / OCI Distribution protocol, used for every registry registry-sync talks to: upstream
 * registries (Docker Hub or any v2 registry) and the farm's own layer-store.
 *
 * <p>{@link dev.slipway.sync.registry.RegistryClient} is the only entry point. Each protocol operation lives in its own
 * package-private class, the {@code WWW-Authenticate} challenge is parsed in one place ({@code AuthChallenge}), and
 * authentication, retries and rate-limit handling live in the shared {@code Transport}.
 *
 * @see <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md">OCI Distribution Spec</a>
 */
package dev.slipway.sync.registry;
