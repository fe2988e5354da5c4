package dev.slipway.registry.client;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * Where a registry is reached and how to log in to it.
 *
 * @param name the registry host as it appears in image references ({@code docker.io}, {@code quay.io}), used in
 *     messages and metrics
 * @param baseUri the URI the {@code /v2/} API lives under ({@code https://registry-1.docker.io})
 * @param credentials supplies the login when one is needed; {@code null} means anonymous
 */
public record RegistryEndpoint(String name, URI baseUri, CredentialsProvider credentials) {

    /** Validates the URI: absolute http(s) without a path. */
    public RegistryEndpoint {
        Objects.requireNonNull(name, "name");
        credentials = credentials == null ? CredentialsProvider.ANONYMOUS : credentials;
        Objects.requireNonNull(baseUri, "baseUri");
        String scheme = baseUri.getScheme();
        if (!"https".equals(scheme) && !"http".equals(scheme) || baseUri.getHost() == null) {
            throw new IllegalArgumentException(
                    "registry URL for " + name + " must be an absolute http(s) URL, got \"" + baseUri + "\"");
        }
        String path = baseUri.getPath();
        if (path != null && !path.isEmpty() && !"/".equals(path)) {
            throw new IllegalArgumentException(
                    "registry URL for " + name + " must not have a path (the /v2/ API is appended), got \"" + baseUri + "\"");
        }
        baseUri = URI.create(scheme + "://" + baseUri.getRawAuthority());
    }

    /**
     * An endpoint for an upstream registry outside the farm: https, or plain http to a loopback address only (a
     * registry on this machine, as in tests and {@code ./slipway up --upstream}).
     *
     * @throws IllegalArgumentException if the URL is plain http to a non-loopback host
     */
    public static RegistryEndpoint upstream(String name, URI baseUri, CredentialsProvider credentials) {
        RegistryEndpoint endpoint = new RegistryEndpoint(name, baseUri, credentials);
        if ("http".equals(endpoint.baseUri.getScheme()) && !isLoopback(endpoint.baseUri.getHost())) {
            throw new IllegalArgumentException("upstream " + name + " at " + baseUri
                    + ": plain http is only allowed for loopback addresses; use https");
        }
        return endpoint;
    }

    /** Resolves a path such as {@code /v2/library/centos/manifests/latest} against the base URI. */
    URI resolve(String pathAndQuery) {
        return URI.create(baseUri + pathAndQuery);
    }

    private static boolean isLoopback(String host) {
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if ("localhost".equalsIgnoreCase(bare)) {
            return true;
        }
        try {
            // literal addresses only: never resolve a name through DNS to decide this
            if (!Character.isDigit(bare.charAt(0)) && bare.indexOf(':') < 0) {
                return false;
            }
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
