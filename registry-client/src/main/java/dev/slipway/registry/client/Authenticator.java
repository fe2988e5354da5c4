package dev.slipway.registry.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers a registry's {@code WWW-Authenticate} challenges: HTTP Basic with the endpoint's credentials, or a Bearer
 * token fetched from the challenge's realm (with those credentials, or anonymously), cached per scope until it
 * expires. Credentials are asked from the {@link CredentialsProvider} at each use, never kept. Thread-safe.
 */
final class Authenticator {

    /** The token endpoint's answer, in the shape Docker Hub uses. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record TokenResponse(@JsonProperty("token") String token, @JsonProperty("access_token") String accessToken,
            @JsonProperty("expires_in") Long expiresIn, @JsonProperty("issued_at") String issuedAt) { }

    private record Token(String value, Instant expiresAt) {
        boolean usableAt(Instant now) {
            return now.plus(EXPIRY_MARGIN).isBefore(expiresAt);
        }
    }

    /** The token spec: "a minimum of 60 seconds should be assumed" when expires_in is absent. */
    private static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofSeconds(60);
    /** Renew slightly early so a token never expires between being picked and being checked. */
    private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryEndpoint endpoint;
    private final Transport.RawSender sender;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private volatile AuthChallenge bearer;
    private volatile boolean basic;

    Authenticator(RegistryEndpoint endpoint, Transport.RawSender sender) {
        this.endpoint = endpoint;
        this.sender = sender;
    }

    /**
     * The {@code Authorization} header for a request with this scope, once the registry has asked for
     * authentication; empty before that (the first request goes out anonymously and learns the challenge).
     */
    Optional<String> authorization(Scope scope) throws RegistryException {
        if (basic) {
            return endpoint.credentials().credentials().map(Authenticator::basicHeader);
        }
        AuthChallenge challenge = bearer;
        if (challenge == null) {
            return Optional.empty();
        }
        Token token = tokens.get(scope.key());
        if (token == null || !token.usableAt(Instant.now())) {
            token = fetchToken(challenge, scope);
            tokens.put(scope.key(), token);
        }
        return Optional.of("Bearer " + token.value());
    }

    /**
     * Learns from a {@code 401}: switches to Basic or records the Bearer realm and drops the cached token, so the next
     * {@link #authorization} fetches a fresh one.
     *
     * @param sent the {@code Authorization} header the refused request carried, or {@code null}
     * @throws RegistryUnauthorizedException if credentials are needed but missing, or were sent and refused
     */
    Scope challenged(List<String> wwwAuthenticate, Scope scope, String sent) throws RegistryException {
        AuthChallenge challenge = AuthChallenge.select(endpoint.name(), wwwAuthenticate);
        if (AuthChallenge.BASIC.equals(challenge.scheme())) {
            Optional<String> user = endpoint.credentials().username();
            if (user.isEmpty()) {
                throw new RegistryUnauthorizedException(endpoint.name()
                        + " requires a login (HTTP Basic) and no credentials are configured for it");
            }
            if (sent != null && sent.startsWith("Basic ")) {
                throw new RegistryUnauthorizedException(endpoint.name() + " rejected the credentials of user "
                        + user.get());
            }
            basic = true;
            return scope;
        }
        bearer = challenge;
        Scope wanted = scope.with(challenge.param("scope").orElse(null));
        tokens.remove(wanted.key());
        return wanted;
    }

    // GET <realm>?service=<service>&scope=<scope>... with Basic credentials when configured
    private Token fetchToken(AuthChallenge challenge, Scope scope) throws RegistryException {
        StringBuilder url = new StringBuilder(challenge.param("realm").orElseThrow());
        char sep = url.indexOf("?") >= 0 ? '&' : '?';
        Optional<String> service = challenge.param("service");
        if (service.isPresent()) {
            url.append(sep).append("service=").append(encode(service.get()));
            sep = '&';
        }
        for (String s : scope.values()) {
            url.append(sep).append("scope=").append(encode(s));
            sep = '&';
        }
        URI uri;
        try {
            uri = URI.create(url.toString());
        } catch (IllegalArgumentException e) {
            throw new RegistryException(endpoint.name() + " sent an invalid token realm: " + challenge.param("realm"));
        }
        String realm = challenge.param("realm").orElseThrow();
        Map<String, String> headers = new java.util.HashMap<>(Map.of("Accept", "application/json"));
        Optional<Credentials> login = endpoint.credentials().credentials();
        login.ifPresent(c -> headers.put("Authorization", basicHeader(c)));
        Instant requested = Instant.now();
        HttpResponse<InputStream> response = sender.send(uri, headers, "token request to " + uri.getHost());
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status == 401 || status == 403) {
                throw new RegistryUnauthorizedException("the token endpoint " + realm + " of " + endpoint.name()
                        + " rejected " + login.map(c -> "the credentials of user " + c.username())
                                .orElse("anonymous access") + " for " + describe(scope) + " (HTTP " + status + ")");
            }
            if (status != 200) {
                throw new RegistryException("the token endpoint " + realm + " of " + endpoint.name() + " answered HTTP "
                        + status);
            }
            TokenResponse parsed = JSON.readValue(body.readNBytes(1 << 20), TokenResponse.class);
            String value = parsed.token() != null && !parsed.token().isEmpty() ? parsed.token() : parsed.accessToken();
            if (value == null || value.isEmpty()) {
                throw new RegistryException("the token endpoint " + realm + " of " + endpoint.name()
                        + " answered without a token");
            }
            Duration lifetime = parsed.expiresIn() == null || parsed.expiresIn() < DEFAULT_TOKEN_LIFETIME.toSeconds()
                    ? DEFAULT_TOKEN_LIFETIME : Duration.ofSeconds(parsed.expiresIn());
            // measured from our own clock: issued_at is the server's and may be skewed
            return new Token(value, requested.plus(lifetime));
        } catch (IOException e) {
            throw new RegistryException("unreadable answer from the token endpoint " + realm + " of " + endpoint.name(), e);
        }
    }

    private static String describe(Scope scope) {
        return scope.values().isEmpty() ? "registry access" : scope.key();
    }

    private static String basicHeader(Credentials c) {
        return "Basic " + Base64.getEncoder().encodeToString(
                (c.username() + ":" + c.password()).getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
