package dev.slipway.registry.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.common.oci.Descriptor;
import dev.slipway.common.oci.Manifest;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.common.oci.Tag;
import dev.slipway.registry.testing.LocalRegistry;
import dev.slipway.registry.testing.Skopeo;
import dev.slipway.registry.testing.TestImage;
import dev.slipway.registry.testing.TestLayer;
import dev.slipway.registry.testing.TokenServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service logging in to the layer-store as a robot account: a real Distribution 2.8 with {@code auth: token},
 * trusting the certificate of a token endpoint the test runs; the robot's token is read from a password file, as
 * build-worker and registry-sync are configured ({@code <prefix>.layer-store.password-file}).
 */
class RobotTokenAuthTest {

    private static final String ROBOT = "robot$build-worker";
    private static final String SECRET = "robot-token-6f1d2c";
    private static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(400),
            Duration.ofSeconds(10), 3, 3, Duration.ofSeconds(2), Duration.ofSeconds(30));
    private static final RepositoryName REPO = RepositoryName.parse("ouruser/sinatra");

    @TempDir
    Path tmp;
    private TokenServer tokens;
    private LocalRegistry registry;
    private Path passwordFile;

    @BeforeEach
    void start() {
        tokens = TokenServer.start(tmp.resolve("token"), ROBOT, SECRET);
        registry = LocalRegistry.token(tmp.resolve("registry"), tokens.realm(), TokenServer.SERVICE,
                TokenServer.ISSUER, tokens.certificate()).loggedInAs(ROBOT + ":" + SECRET);
        passwordFile = tmp.resolve("robots/build-worker.token");
    }

    @AfterEach
    void stop() {
        registry.close();
        tokens.close();
    }

    private RegistryClient client() {
        return new RegistryClient(new RegistryEndpoint("layer-store", registry.uri(),
                CredentialsProvider.passwordFile(ROBOT, passwordFile)), FAST, RegistryObserver.NONE);
    }

    @Test
    void challengeThenTokenWithRobotCredentialsFromAFileWrittenAfterTheClientWasCreated() throws Exception {
        RegistryClient client = client();

        // no token file yet (the gateway has not written it): a clear refusal, no token request, no retry loop
        assertThatThrownBy(client::ping).isInstanceOf(RegistryUnauthorizedException.class)
                .hasMessageContaining(passwordFile.toString()).hasMessageContaining("does not exist");
        assertThat(tokens.requests()).isZero();
        assertThat(registry.count("GET", 401, "/v2/"::equals)).isEqualTo(1);

        Files.createDirectories(passwordFile.getParent());
        Files.writeString(passwordFile, SECRET + "\n");

        client.ping();
        TestLayer layer = TestLayer.random(200_000, 21);
        TestImage image = TestImage.single(List.of(layer));
        Manifest manifest = image.top();
        for (Descriptor blob : manifest.references()) {
            byte[] content = image.blobs().get(blob.digest());
            assertThat(client.pushBlob(REPO, blob, Optional.empty(), () -> new ByteArrayInputStream(content)))
                    .isEqualTo(RegistryClient.BlobPush.UPLOADED);
        }
        client.pushManifest(REPO, Tag.parse("v2"), manifest);

        try (InputStream in = client.pullBlob(REPO, layer.digest())) {
            assertThat(in.readAllBytes()).isEqualTo(layer.gzip());
        }
        // one token for the scope-less ping, one per scope after that, each reused until it expires
        assertThat(tokens.scopeRequests()).containsExactly(List.of(),
                List.of("repository:ouruser/sinatra:pull,push"), List.of("repository:ouruser/sinatra:pull"));
        // an independent client, logged in as the robot, sees exactly what was pushed
        assertThat(Skopeo.digest(registry, REPO + ":v2"))
                .isEqualTo(manifest.digest().toString());
    }

    @Test
    void chunkedUploadAndCrossRepositoryMountWithTokens() throws Exception {
        Files.createDirectories(passwordFile.getParent());
        Files.writeString(passwordFile, SECRET);
        RegistryClient client = client();
        TestLayer layer = TestLayer.random(700_000, 22);

        client.pushBlobInChunks(REPO, layer.descriptor(), () -> new ByteArrayInputStream(layer.gzip()), 256 * 1024);
        assertThat(registry.count("PATCH", 202, p -> p.startsWith("/v2/" + REPO + "/blobs/uploads/"))).isEqualTo(3);
        assertThat(client.blobSize(REPO, layer.digest())).hasValue(layer.gzip().length);

        RepositoryName other = RepositoryName.parse("ouruser/copy");
        assertThat(client.pushBlob(other, layer.descriptor(), Optional.of(REPO),
                () -> { throw new AssertionError("a mount must not read the content"); }))
                .isEqualTo(RegistryClient.BlobPush.MOUNTED);
        assertThat(tokens.scopeRequests()).contains(
                List.of("repository:ouruser/copy:pull,push", "repository:ouruser/sinatra:pull"));

        // content that does not match its descriptor is never committed
        TestLayer wrong = TestLayer.random(10_000, 23);
        assertThatThrownBy(() -> client.pushBlobInChunks(REPO, wrong.descriptor(),
                () -> new ByteArrayInputStream(layer.gzip()), 256 * 1024))
                .isInstanceOf(RegistryException.class).hasMessageContaining(wrong.digest().toString());
        assertThat(client.hasBlob(REPO, wrong.digest())).isFalse();
    }

    @Test
    void aWrongPasswordFailsOnceWithTheRegistryAndTheRealmNamed() throws Exception {
        Files.createDirectories(passwordFile.getParent());
        Files.writeString(passwordFile, "not-the-token\n");
        RegistryClient client = client();

        assertThatThrownBy(() -> client.checkManifest(REPO, Tag.LATEST))
                .isInstanceOf(RegistryUnauthorizedException.class)
                .hasMessageContaining("layer-store").hasMessageContaining(tokens.realm().toString())
                .hasMessageContaining(ROBOT).hasMessageNotContaining("not-the-token");
        assertThat(tokens.requests()).isEqualTo(1);
    }

    @Test
    void tokensTheRegistryRefusesAreRefreshedABoundedNumberOfTimes() throws Exception {
        Files.createDirectories(passwordFile.getParent());
        Files.writeString(passwordFile, SECRET);
        tokens.issueForWrongAudience();
        RegistryClient client = client();

        assertThatThrownBy(() -> client.listTags(REPO)).isInstanceOf(RegistryUnauthorizedException.class)
                .hasMessageContaining("kept refusing");
        assertThat(tokens.requests()).isEqualTo(FAST.maxTokenRefreshes());
    }
}
