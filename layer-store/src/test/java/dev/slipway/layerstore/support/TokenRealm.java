package dev.slipway.layerstore.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A test double of the gateway's token service, on a free loopback port with the JDK's HTTP server: an RSA key pair
 * whose public half it serves as a JWKS ({@code /keys}), and a token realm ({@code /token}) that authenticates Basic
 * credentials and grants the subset of the asked scopes that the test-defined {@link #allow rules} give, as Docker
 * Hub and the gateway do. It also mints tokens directly, good or deliberately bad, for the refusal tests. Starting it
 * switches the layer-store's token flow on and points it here.
 */
public class TokenRealm implements QuarkusTestResourceLifecycleManager {

    /** The user the realm knows. */
    public static final String USER = "ouruser";
    /** Its password. */
    public static final String PASSWORD = "s3cret";
    /** The registry's service name. */
    public static final String SERVICE = "slipway-registry";
    /** The issuer the registry trusts. */
    public static final String ISSUER = "slipway";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static HttpServer server;
    private static volatile Key signing;
    private static final List<Key> PUBLISHED = new CopyOnWriteArrayList<>();
    private static final List<Rule> RULES = new CopyOnWriteArrayList<>();
    private static final AtomicInteger JWKS_FETCHES = new AtomicInteger();

    /** A signing key and its id (base64url of the first 16 bytes of SHA-256 of the DER public key). */
    private static volatile Duration jwksDelay = Duration.ZERO;

    public record Key(KeyPair pair, String kid) {

        /** @return a fresh RSA-2048 key */
        public static Key generate() {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                byte[] hash = MessageDigest.getInstance("SHA-256").digest(pair.getPublic().getEncoded());
                return new Key(pair, Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, 16)));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A grant rule: {@code subject} (null for anonymous callers too) gets {@code actions} on names matching the glob. */
    private record Rule(String subject, String glob, Set<String> actions) {

        boolean covers(String caller, String repository) {
            String regex = Arrays.stream(glob.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*"));
            return (subject == null || subject.equals(caller)) && repository.matches(regex);
        }
    }

    @Override
    public Map<String, String> start() {
        try {
            signing = Key.generate();
            PUBLISHED.add(signing);
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.createContext("/keys", TokenRealm::keys);
            server.createContext("/token", TokenRealm::token);
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("layerstore.auth.enabled", "true",
                "layerstore.auth.realm", realm(),
                "layerstore.auth.jwks-url", base() + "/keys",
                "layerstore.auth.service", SERVICE,
                "layerstore.auth.issuer", ISSUER,
                "layerstore.auth.jwks-refetch-interval", "PT2S");
    }

    @Override
    public void stop() {
        server.stop(0);
        PUBLISHED.clear();
        RULES.clear();
    }

    /** @return the token endpoint's URL */
    public static String realm() {
        return base() + "/token";
    }

    private static String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Forgets every grant rule. */
    public static void reset() {
        RULES.clear();
    }

    /** Grants {@code subject} the actions on repositories matching {@code glob} ({@code *} matches anything). */
    public static void allow(String subject, String glob, String... actions) {
        RULES.add(new Rule(subject, glob, Set.of(actions)));
    }

    /** Grants everyone, anonymous callers included, the actions on repositories matching {@code glob}. */
    public static void allowAnyone(String glob, String... actions) {
        RULES.add(new Rule(null, glob, Set.of(actions)));
    }

    /** Makes every JWKS answer take this long (a slow issuer), until set back to zero. */
    public static void slowJwks(Duration delay) {
        jwksDelay = delay;
    }

    /** @return how often the JWKS was fetched */
    public static int jwksFetches() {
        return JWKS_FETCHES.get();
    }

    /** @return the current signing key */
    public static Key signingKey() {
        return signing;
    }

    /** Makes {@code key} the signing key and publishes it next to the old ones, as a rotation does. */
    public static void rotateTo(Key key) {
        PUBLISHED.add(key);
        signing = key;
    }

    /** @return a builder of a token signed with the current key, valid for 5 minutes, granting nothing yet */
    public static TokenBuilder token(String subject) {
        return new TokenBuilder(subject);
    }

    /** Mints registry JWTs, valid by default, with every part open to being spoiled. */
    public static final class TokenBuilder {

        private final ObjectNode header = JSON.createObjectNode();
        private final ObjectNode claims = JSON.createObjectNode();
        private final ArrayNode access;
        private Key key = signing;

        private TokenBuilder(String subject) {
            long now = Instant.now().getEpochSecond();
            header.put("alg", "RS256").put("typ", "JWT").put("kid", key.kid());
            claims.put("iss", ISSUER).put("sub", subject).put("aud", SERVICE).put("iat", now).put("nbf", now)
                    .put("exp", now + 300).put("jti", UUID.randomUUID().toString());
            access = claims.putArray("access");
        }

        /** Grants actions on a repository. */
        public TokenBuilder grant(String repository, String... actions) {
            ObjectNode entry = access.addObject().put("type", "repository").put("name", repository);
            Arrays.stream(actions).forEach(entry.putArray("actions")::add);
            return this;
        }

        /** Grants the catalog, listing the repositories matching the patterns. */
        public TokenBuilder catalog(String... pullable) {
            access.addObject().put("type", "registry").put("name", "catalog").putArray("actions").add("*");
            Arrays.stream(pullable).forEach(claims.putArray("pullable")::add);
            return this;
        }

        /** Sets the validity window relative to now. */
        public TokenBuilder valid(Duration fromNow, Duration lifetime) {
            long start = Instant.now().plus(fromNow).getEpochSecond();
            claims.put("nbf", start).put("iat", start).put("exp", start + lifetime.toSeconds());
            return this;
        }

        /** Sets the audience. */
        public TokenBuilder audience(String audience) {
            claims.put("aud", audience);
            return this;
        }

        /** Sets the issuer. */
        public TokenBuilder issuer(String issuer) {
            claims.put("iss", issuer);
            return this;
        }

        /** Signs with another key (its kid goes into the header). */
        public TokenBuilder signedWith(Key other) {
            key = other;
            header.put("kid", other.kid());
            return this;
        }

        /** Names a key id other than the signing key's. */
        public TokenBuilder kid(String kid) {
            header.put("kid", kid);
            return this;
        }

        /** @return the compact JWT */
        public String build() {
            try {
                Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
                String input = base64.encodeToString(JSON.writeValueAsBytes(header)) + "."
                        + base64.encodeToString(JSON.writeValueAsBytes(claims));
                Signature rs256 = Signature.getInstance("SHA256withRSA");
                rs256.initSign(key.pair().getPrivate());
                rs256.update(input.getBytes(StandardCharsets.US_ASCII));
                return input + "." + base64.encodeToString(rs256.sign());
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static void keys(HttpExchange exchange) throws IOException {
        JWKS_FETCHES.incrementAndGet();
        try {
            Thread.sleep(jwksDelay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ObjectNode jwks = JSON.createObjectNode();
        ArrayNode list = jwks.putArray("keys");
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        for (Key key : PUBLISHED) {
            RSAPublicKey rsa = (RSAPublicKey) key.pair().getPublic();
            list.addObject().put("kty", "RSA").put("use", "sig").put("alg", "RS256").put("kid", key.kid())
                    .put("n", base64.encodeToString(unsigned(rsa.getModulus().toByteArray())))
                    .put("e", base64.encodeToString(unsigned(rsa.getPublicExponent().toByteArray())));
        }
        answer(exchange, 200, JSON.writeValueAsBytes(jwks));
    }

    /** {@code GET /token?service=&scope=…}: the registry token flow's realm. */
    private static void token(HttpExchange exchange) throws IOException {
        String caller = null;
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null && authorization.startsWith("Basic ")) {
            String[] credentials = new String(Base64.getDecoder().decode(authorization.substring(6)),
                    StandardCharsets.UTF_8).split(":", 2);
            if (!credentials[0].equals(USER) || credentials.length < 2 || !credentials[1].equals(PASSWORD)) {
                answer(exchange, 401, "{\"code\":\"unauthorized\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            caller = USER;
        }
        TokenBuilder token = token(caller == null ? "" : caller);
        for (String scope : scopes(exchange.getRequestURI().getRawQuery())) {
            String[] parts = scope.split(":");
            if (parts.length == 3 && parts[0].equals("registry") && parts[1].equals("catalog") && caller != null) {
                List<String> pullable = new ArrayList<>();
                for (Rule rule : RULES) {
                    if ((rule.subject() == null || rule.subject().equals(caller)) && rule.actions().contains("pull")) {
                        pullable.add(rule.glob());
                    }
                }
                token.catalog(pullable.toArray(String[]::new));
            } else if (parts.length == 3 && parts[0].equals("repository")) {
                Set<String> granted = new LinkedHashSet<>();
                for (String action : parts[2].split(",")) {
                    for (Rule rule : RULES) {
                        if (rule.covers(caller, parts[1]) && rule.actions().contains(action)) {
                            granted.add(action);
                        }
                    }
                }
                if (!granted.isEmpty()) {
                    token.grant(parts[1], granted.toArray(String[]::new));
                }
            }
        }
        String jwt = token.build();
        ObjectNode body = JSON.createObjectNode().put("token", jwt).put("access_token", jwt).put("expires_in", 300)
                .put("issued_at", Instant.now().toString());
        answer(exchange, 200, JSON.writeValueAsBytes(body));
    }

    private static List<String> scopes(String query) {
        List<String> scopes = new ArrayList<>();
        if (query != null) {
            for (String parameter : query.split("&")) {
                if (parameter.startsWith("scope=")) {
                    scopes.addAll(Arrays.asList(URLDecoder.decode(parameter.substring(6), StandardCharsets.UTF_8)
                            .split(" ")));
                }
            }
        }
        return scopes;
    }

    private static byte[] unsigned(byte[] twosComplement) {
        return twosComplement.length > 1 && twosComplement[0] == 0
                ? Arrays.copyOfRange(twosComplement, 1, twosComplement.length)
                : twosComplement;
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
