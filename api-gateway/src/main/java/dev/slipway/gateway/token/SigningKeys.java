package dev.slipway.gateway.token;

import dev.slipway.gateway.config.GatewayConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The RSA key pairs that sign registry tokens, kept as files under the key folder (layout in the package Javadoc).
 * Made on first start; {@link #rotate()} makes a new signing key and keeps the previous one published until every
 * token it signed has expired. Thread-safe: readers see an immutable {@link State}; changes are serialised.
 */
@ApplicationScoped
class SigningKeys {

    private static final String CURRENT = "current";
    private static final String KEY_SUFFIX = ".der";
    private static final String RETIRED_SUFFIX = ".retired";
    /** Clock skew the layer-store tolerates on {@code exp}: a retired key stays published this much longer. */
    private static final Duration SKEW = Duration.ofSeconds(60);

    private final Path dir;
    private final Duration lifetime;
    private volatile State state;

    @Inject
    SigningKeys(GatewayConfig config) {
        this(config.auth().keyDir(), config.auth().tokenLifetime());
    }

    SigningKeys(Path dir, Duration lifetime) {
        this.dir = dir.toAbsolutePath();
        this.lifetime = lifetime;
    }

    /**
     * A key pair and its id.
     *
     * @param kid         base64url of the first 16 bytes of the SHA-256 of the DER public key
     * @param privateKey  signs
     * @param publicKey   published in the JWKS
     * @param retiredAt   when it stopped signing; {@code null} for the current key
     */
    record SigningKey(String kid, RSAPrivateCrtKey privateKey, RSAPublicKey publicKey, Instant retiredAt) {
    }

    /**
     * The keys at one moment.
     *
     * @param current   the signing key
     * @param published the current key and the retired ones whose tokens may still be valid
     */
    record State(SigningKey current, List<SigningKey> published) {
        State {
            published = List.copyOf(published);
        }
    }

    /** Makes the first key pair at start, so a broken key folder stops the gateway at once rather than at a login. */
    void onStart(@Observes StartupEvent event) {
        state();
    }

    /** @return the keys, loading (or on first start making) them on first use */
    State state() {
        State s = state;
        if (s == null) {
            synchronized (this) {
                if (state == null) {
                    state = load();
                }
                s = state;
            }
        }
        return s;
    }

    /**
     * Makes a new signing key; the previous one stays published for one token lifetime.
     *
     * @return the keys after the rotation
     */
    synchronized State rotate() {
        State before = state();
        try {
            SigningKey fresh = generate();
            // The old key's retirement is recorded before the switch, so a crash in between leaves it published.
            writeAtomically(dir.resolve(before.current().kid() + RETIRED_SUFFIX), Instant.now().toString());
            writeAtomically(dir.resolve(CURRENT), fresh.kid());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rotate the token signing keys in " + dir, e);
        }
        state = load();
        return state;
    }

    private State load() {
        try {
            Files.createDirectories(dir);
            // A read-only folder (a Kubernetes Secret shared by every replica) is used as it is: keys are never made,
            // retired or forgotten in it; the operator rotates by updating the Secret.
            boolean writable = Files.isWritable(dir);
            Path currentFile = dir.resolve(CURRENT);
            String currentKid = Files.isRegularFile(currentFile) ? Files.readString(currentFile).trim() : "";
            if (currentKid.isEmpty() || !Files.isRegularFile(dir.resolve(currentKid + KEY_SUFFIX))) {
                if (!writable) {
                    throw new IOException("the read-only key folder has no current key (a file 'current' naming"
                            + " <kid>.der)");
                }
                currentKid = generate().kid();
                writeAtomically(currentFile, currentKid);
            }
            SigningKey current = null;
            List<SigningKey> published = new ArrayList<>();
            Instant now = Instant.now();
            try (DirectoryStream<Path> keys = Files.newDirectoryStream(dir, "*" + KEY_SUFFIX)) {
                for (Path file : keys) {
                    String kid = file.getFileName().toString().replace(KEY_SUFFIX, "");
                    if (kid.equals(currentKid)) {
                        current = read(file, null);
                        published.add(0, current);
                        continue;
                    }
                    Instant retiredAt = retiredAt(kid, writable);
                    if (retiredAt.plus(lifetime).plus(SKEW).isAfter(now)) {
                        published.add(read(file, retiredAt));
                    } else if (writable) {
                        // No token it signed can still be valid: forget it.
                        Files.deleteIfExists(file);
                        Files.deleteIfExists(dir.resolve(kid + RETIRED_SUFFIX));
                    }
                }
            }
            return new State(current, published);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the token signing keys in " + dir, e);
        }
    }

    /** A key without a retirement record (a crash mid-rotation) counts as retired now, so it stays published. */
    private Instant retiredAt(String kid, boolean writable) throws IOException {
        Path file = dir.resolve(kid + RETIRED_SUFFIX);
        if (!Files.isRegularFile(file)) {
            Instant now = Instant.now();
            if (writable) {
                writeAtomically(file, now.toString());
            }
            return now;
        }
        try {
            return Instant.parse(Files.readString(file).trim());
        } catch (DateTimeParseException e) {
            return Instant.now();
        }
    }

    private SigningKey generate() throws IOException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            var pair = generator.generateKeyPair();
            RSAPublicKey publicKey = (RSAPublicKey) pair.getPublic();
            String kid = kid(publicKey);
            writeAtomically(dir.resolve(kid + KEY_SUFFIX), pair.getPrivate().getEncoded());
            return new SigningKey(kid, (RSAPrivateCrtKey) pair.getPrivate(), publicKey, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM can make RSA keys", e);
        }
    }

    private static SigningKey read(Path file, Instant retiredAt) throws IOException {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) rsa.generatePrivate(
                    new PKCS8EncodedKeySpec(Files.readAllBytes(file)));
            RSAPublicKey publicKey = (RSAPublicKey) rsa.generatePublic(
                    new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            return new SigningKey(kid(publicKey), privateKey, publicKey, retiredAt);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IOException("the signing key " + file + " is not an RSA PKCS#8 private key", e);
        }
    }

    /** @return base64url of the first 16 bytes of the SHA-256 of the DER (X.509 SubjectPublicKeyInfo) public key */
    static String kid(RSAPublicKey key) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(sha, 16));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private void writeAtomically(Path file, String text) throws IOException {
        writeAtomically(file, (text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(dir, ".key", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(tmp, bytes);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
