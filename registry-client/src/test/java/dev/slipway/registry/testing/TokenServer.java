package dev.slipway.registry.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Docker-style token endpoint for a registry with {@code auth: token}: checks HTTP Basic credentials, and answers
 * {@code {"token","access_token","expires_in","issued_at"}} like Docker Hub, with an RS256 JWT whose header carries the
 * signing certificate in {@code x5c}. The key and self-signed certificate are made with the {@code openssl} CLI; the
 * certificate is the registry's {@code rootcertbundle}.
 */
public final class TokenServer implements AutoCloseable {

    public static final String SERVICE = "slipway-test-registry";
    public static final String ISSUER = "slipway-test-issuer";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final PrivateKey key;
    private final byte[] certificate;
    private final Path certificateFile;
    private final String username;
    private final String password;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile String audience = SERVICE;
    private final List<List<String>> scopeRequests = new java.util.concurrent.CopyOnWriteArrayList<>();

    private TokenServer(Path dir, String username, String password) throws Exception {
        this.username = username;
        this.password = password;
        Files.createDirectories(dir);
        Path keyFile = dir.resolve("token-key.pem");
        certificateFile = dir.resolve("token-cert.pem");
        TestImage.run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", keyFile.toString(),
                "-out", certificateFile.toString(), "-days", "2", "-subj", "/CN=slipway-test-token-signer"));
        key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pem(keyFile)));
        certificate = ((X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(certificateFile))).getEncoded();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", this::token);
        server.start();
    }

    /** Starts a token endpoint that accepts one user. */
    public static TokenServer start(Path dir, String username, String password) {
        try {
            return new TokenServer(dir, username, password);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the token server", e);
        }
    }

    /** The realm to configure in the registry. */
    public URI realm() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
    }

    /** The certificate the registry must trust ({@code rootcertbundle}). */
    public Path certificate() {
        return certificateFile;
    }

    /** From now on, issues tokens for another audience: well signed, but refused by the registry. */
    public void issueForWrongAudience() {
        audience = "not-" + SERVICE;
    }

    /** The scopes of every token request that presented the right credentials, in order. */
    public List<List<String>> scopeRequests() {
        return List.copyOf(scopeRequests);
    }

    /** How many token requests arrived. */
    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void token(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        String expected = "Basic " + Base64.getEncoder().encodeToString(
                (username + ":" + password).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            byte[] body = "{\"details\":\"incorrect username or password\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
            return;
        }
        List<String> scopes = new ArrayList<>();
        String query = exchange.getRequestURI().getRawQuery();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            if (pair.startsWith("scope=")) {
                scopes.add(URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8));
            }
        }
        scopeRequests.add(List.copyOf(scopes));
        Instant now = Instant.now();
        ObjectNode answer = JSON.createObjectNode();
        String jwt = jwt(scopes, now);
        answer.put("token", jwt).put("access_token", jwt).put("expires_in", 300).put("issued_at", now.toString());
        byte[] body = JSON.writeValueAsBytes(answer);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private String jwt(List<String> scopes, Instant now) {
        try {
            ObjectNode header = JSON.createObjectNode().put("alg", "RS256").put("typ", "JWT");
            header.putArray("x5c").add(Base64.getEncoder().encodeToString(certificate));
            ObjectNode claims = JSON.createObjectNode()
                    .put("iss", ISSUER).put("sub", username).put("aud", audience)
                    .put("exp", now.getEpochSecond() + 300).put("nbf", now.getEpochSecond() - 10)
                    .put("iat", now.getEpochSecond()).put("jti", UUID.randomUUID().toString());
            ArrayNode access = claims.putArray("access");
            for (String scope : scopes) {
                String[] parts = scope.split(":");
                if (parts.length == 3) {
                    ObjectNode entry = access.addObject().put("type", parts[0]).put("name", parts[1]);
                    ArrayNode actions = entry.putArray("actions");
                    for (String action : parts[2].split(",")) {
                        actions.add(action);
                    }
                }
            }
            String signingInput = b64(JSON.writeValueAsBytes(header)) + "." + b64(JSON.writeValueAsBytes(claims));
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64(rsa.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] pem(Path file) throws IOException {
        String text = Files.readString(file);
        if (!text.contains("BEGIN PRIVATE KEY")) {
            throw new UncheckedIOException(new IOException("expected a PKCS#8 key from openssl: " + file));
        }
        String base64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(base64);
    }
}
