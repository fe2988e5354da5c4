package dev.slipway.cli.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The base URL of a Slipway gateway: {@code http} or {@code https}, a host, no query; kept without a trailing slash.
 *
 * @param uri the URL
 */
public record GatewayUrl(URI uri) {

    /** @throws IllegalArgumentException if the URL is not an http(s) URL with a host */
    public GatewayUrl {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("invalid gateway URL \"" + uri + "\": it must start with http:// or https://");
        }
        if (uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("invalid gateway URL \"" + uri + "\": expected http(s)://host[:port][/path]");
        }
        String text = uri.toString();
        if (text.endsWith("/")) {
            uri = URI.create(text.substring(0, text.length() - 1));
        }
    }

    /**
     * @param text e.g. {@code http://127.0.0.1:8080}
     * @return the URL
     * @throws IllegalArgumentException if it is not one
     */
    public static GatewayUrl parse(String text) {
        if (!text.contains("://")) {
            throw new IllegalArgumentException("invalid gateway URL \"" + text + "\": it must start with http:// or https://");
        }
        try {
            return new GatewayUrl(new URI(text.trim()));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid gateway URL \"" + text + "\": " + e.getReason(), e);
        }
    }

    /**
     * @param path an absolute path and query, e.g. {@code /api/v1/images}
     * @return the URL of that resource on this gateway
     */
    public URI resolve(String path) {
        return URI.create(uri + path);
    }

    /** @return whether the gateway runs on this machine (only then may the local admin token be sent to it) */
    public boolean isLoopback() {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
