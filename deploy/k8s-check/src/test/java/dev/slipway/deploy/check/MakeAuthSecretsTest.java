package dev.slipway.deploy.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/k8s/make-auth-secrets.sh}: run for real (with kubectl, and without it), its YAML parsed strictly, and
 * the key folder it makes held to the gateway's format: {@code current} names the kid, which is computed here in Java
 * the way the gateway computes it, and {@code <kid>.der} is an RSA-2048 PKCS#8 private key.
 */
class MakeAuthSecretsTest {
    private static final String TOKEN_KEYS = "slipway-token-keys";
    private static final String ROBOTS = "slipway-registry-auth";

    @Test
    void withKubectlPrintsBothSecretsInTheGatewaysFormat() throws Exception {
        RenderedManifests secrets = run(List.of("slipway"), System.getenv("PATH"));

        assertGatewayFormat(secrets, "slipway");
    }

    @Test
    void withoutKubectlWritesTheSameYamlItself(@TempDir Path bin) throws Exception {
        // A PATH with the script's tools but no kubectl.
        for (String tool : List.of("openssl", "base64", "tr", "head", "mktemp", "mkdir", "cp", "date", "rm")) {
            Path wrapper = bin.resolve(tool);
            Files.writeString(wrapper, "#!/bin/sh\nexec " + which(tool) + " \"$@\"\n");
            wrapper.toFile().setExecutable(true);
        }

        assertGatewayFormat(run(List.of(), bin.toString()), "");
    }

    @Test
    void everyRunMakesNewSecrets() throws Exception {
        Map<String, String> first = decoded(run(List.of("slipway"), System.getenv("PATH")), ROBOTS);
        Map<String, String> second = decoded(run(List.of("slipway"), System.getenv("PATH")), ROBOTS);

        assertThat(first.get("build-worker.token")).isNotEqualTo(second.get("build-worker.token"));
        assertThat(first.get("build-worker.token")).isNotEqualTo(first.get("registry-sync.token"));
    }

    @Test
    void theProductionOverlayWithTheseSecretsPassesAndABrokenKeyFolderFails() throws Exception {
        RenderedManifests secrets = run(List.of("slipway"), System.getenv("PATH"));
        List<Manifest> docs = new ArrayList<>(Farm.render("overlays/production").documents());
        docs.addAll(secrets.documents());
        RenderedManifests installed = new RenderedManifests("production + secrets", docs);

        assertThat(ManifestCheck.check(installed, Farm.services()).violations()).isEmpty();

        // `current` naming a key the Secret does not hold: the gateway would make a key of its own per replica.
        RenderedManifests broken = installed.with("Secret", TOKEN_KEYS, s -> {
            s.with("data").put("current", Base64.getEncoder().encodeToString("nokey\n".getBytes(StandardCharsets.UTF_8)));
            return s;
        });
        assertThat(ManifestCheck.check(broken, Farm.services()).violations()).extracting(Violation::toString)
                .containsExactly("Secret/slipway-token-keys: current names key nokey but there is no nokey.der");
    }

    @Test
    void rotationKeepsThePreviousKeyPublishedAsRetiredAndDropsOlderOnes(@TempDir Path tmp) throws Exception {
        Path first = tmp.resolve("first");
        RenderedManifests installed = run(List.of("slipway"), System.getenv("PATH"));
        String kid1 = extract(installed, first);

        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        RenderedManifests rotated = run(List.of("--rotate", first.toString(), "slipway"), System.getenv("PATH"));
        Instant after = Instant.now();

        assertThat(rotated.documents()).extracting(Manifest::id).containsExactly("Secret/" + TOKEN_KEYS);
        Map<String, String> files = decoded(rotated, TOKEN_KEYS);
        String kid2 = files.get("current").trim();
        assertThat(kid2).isNotEqualTo(kid1).isEqualTo(kidOf(raw(rotated, TOKEN_KEYS).get(kid2 + ".der")));
        assertThat(files.keySet()).containsExactlyInAnyOrder("current", kid2 + ".der", kid1 + ".der", kid1 + ".retired");
        assertThat(raw(rotated, TOKEN_KEYS).get(kid1 + ".der")).isEqualTo(raw(installed, TOKEN_KEYS).get(kid1 + ".der"));
        // The gateway reads the marker with Instant.parse: when the old key stopped signing.
        assertThat(Instant.parse(files.get(kid1 + ".retired").trim())).isBetween(before, after);

        Path second = tmp.resolve("second");
        extract(rotated, second);
        Map<String, String> again = decoded(run(List.of("--rotate", second.toString()), System.getenv("PATH")),
                TOKEN_KEYS);
        String kid3 = again.get("current").trim();
        assertThat(again.keySet()).containsExactlyInAnyOrder("current", kid3 + ".der", kid2 + ".der", kid2 + ".retired");
    }

    @Test
    void aBadNamespaceIsRefused() throws Exception {
        Process p = new ProcessBuilder(script().toString(), "Not_A_Namespace").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(output).contains("invalid namespace: Not_A_Namespace").doesNotContain("kind: Secret");
    }

    private static void assertGatewayFormat(RenderedManifests secrets, String namespace) throws Exception {
        assertThat(secrets.documents()).extracting(Manifest::id)
                .containsExactly("Secret/" + TOKEN_KEYS, "Secret/" + ROBOTS);
        for (Manifest secret : secrets.documents()) {
            assertThat(StrictModel.check(secret)).as(secret.id()).isEmpty();
            assertThat(secret.tree().path("metadata").path("namespace").asText("")).isEqualTo(namespace);
        }

        Map<String, byte[]> keys = raw(secrets, TOKEN_KEYS);
        String kid = new String(keys.get("current"), StandardCharsets.US_ASCII).trim();
        assertThat(keys.keySet()).containsExactlyInAnyOrder("current", kid + ".der");
        assertThat(kid).isEqualTo(kidOf(keys.get(kid + ".der")));

        Map<String, String> robots = decoded(secrets, ROBOTS);
        assertThat(robots.keySet()).containsExactlyInAnyOrder("build-worker.token", "registry-sync.token");
        // The gateway's own format for robot tokens (slr_ + 256 random bits), without a newline to trip a reader.
        assertThat(robots.values()).allMatch(t -> t.matches("slr_[A-Za-z0-9_-]{43}"));
    }

    /** Writes the Secret's files into a folder, as a Secret volume shows them; returns the current kid. */
    private static String extract(RenderedManifests secrets, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> file : raw(secrets, TOKEN_KEYS).entrySet()) {
            Files.write(dir.resolve(file.getKey()), file.getValue());
        }
        return Files.readString(dir.resolve("current")).trim();
    }

    /** The contract's kid: base64url, no padding, of the first 16 bytes of the SHA-256 of the DER public key. */
    private static String kidOf(byte[] pkcs8) throws Exception {
        RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        assertThat(privateKey.getModulus().bitLength()).isEqualTo(2048);
        RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
        byte[] sha = MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(sha, 16));
    }

    private static Map<String, byte[]> raw(RenderedManifests secrets, String name) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        secrets.find("Secret", name).orElseThrow().tree().path("data").fields()
                .forEachRemaining(e -> out.put(e.getKey(), Base64.getDecoder().decode(e.getValue().asText())));
        return out;
    }

    private static Map<String, String> decoded(RenderedManifests secrets, String name) {
        Map<String, String> out = new LinkedHashMap<>();
        raw(secrets, name).forEach((k, v) -> out.put(k, new String(v, StandardCharsets.UTF_8)));
        return out;
    }

    private static RenderedManifests run(List<String> args, String path) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(script().toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("PATH", path);
        Process p = builder.start();
        p.getOutputStream().close();
        String yaml = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the script finished").isTrue();
        assertThat(p.exitValue()).as("exit status of " + command).isZero();
        return RenderedManifests.parse("make-auth-secrets.sh", yaml);
    }

    private static Path script() {
        return Farm.root().resolve("deploy/k8s/make-auth-secrets.sh");
    }

    private static Path which(String tool) {
        for (String dir : System.getenv("PATH").split(":")) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(tool + " is not installed");
    }
}
