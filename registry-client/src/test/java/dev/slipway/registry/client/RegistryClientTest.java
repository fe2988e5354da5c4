package dev.slipway.registry.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.common.oci.Descriptor;
import dev.slipway.common.oci.ImageIndex;
import dev.slipway.common.oci.Manifest;
import dev.slipway.common.oci.Platform;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.common.oci.Tag;
import dev.slipway.registry.testing.FaultProxy;
import dev.slipway.registry.testing.Htpasswd;
import dev.slipway.registry.testing.LocalRegistry;
import dev.slipway.registry.testing.TestImage;
import dev.slipway.registry.testing.TestLayer;
import dev.slipway.registry.testing.TokenServer;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against real CNCF Distribution registries (open, htpasswd, token auth), seeded with skopeo. */
class RegistryClientTest {

    private static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(400),
            Duration.ofSeconds(10), 3, 3, Duration.ofSeconds(2), Duration.ofSeconds(30));
    private static final RepositoryName REPO = RepositoryName.parse("library/centos");
    private static final Tag TAG = Tag.parse("7");

    @TempDir
    Path tmp;

    private static RegistryClient client(String name, URI uri, Credentials credentials) {
        return new RegistryClient(RegistryEndpoint.upstream(name, uri, CredentialsProvider.fixed(credentials)), FAST,
                RegistryObserver.NONE);
    }

    private static byte[] read(RegistryClient client, RepositoryName repo, Descriptor blob) throws Exception {
        try (InputStream in = client.pullBlob(repo, blob)) {
            return in.readAllBytes();
        }
    }

    @Test
    void pullsManifestAndLayersAnonymously() throws Exception {
        TestImage image = TestImage.single(List.of(TestLayer.random(300_000, 1), TestLayer.random(5_000, 2)));
        try (LocalRegistry upstream = LocalRegistry.open(tmp.resolve("up"))) {
            image.push(upstream, REPO.value(), TAG.value(), null, tmp);
            RegistryClient client = client("docker.io", upstream.uri(), null);

            Optional<Descriptor> head = client.checkManifest(REPO, TAG);
            assertThat(head).map(Descriptor::digest).contains(image.top().digest());
            Manifest manifest = client.pullManifest(REPO, head.get().digest());
            assertThat(manifest.bytes()).isEqualTo(image.top().bytes());
            for (Descriptor layer : image.layers()) {
                assertThat(read(client, REPO, layer)).isEqualTo(image.blobs().get(layer.digest()));
            }
            assertThat(client.listTags(REPO)).containsExactly(TAG);
            assertThat(client.checkManifest(REPO, Tag.parse("missing"))).isEmpty();
            assertThatThrownBy(() -> client.pullManifest(RepositoryName.parse("library/nothing"), TAG))
                    .isInstanceOf(RegistryNotFoundException.class).hasMessageContaining("MANIFEST_UNKNOWN");
        }
    }

    @Test
    void pullsMultiPlatformIndexAndCopiesItToAnotherRegistry() throws Exception {
        TestImage image = TestImage.index(Map.of(
                Platform.of("linux", "amd64"), List.of(TestLayer.random(20_000, 3)),
                Platform.of("linux", "arm64"), List.of(TestLayer.random(20_000, 4))));
        try (LocalRegistry upstream = LocalRegistry.open(tmp.resolve("up"));
                LocalRegistry store = LocalRegistry.open(tmp.resolve("store"))) {
            image.push(upstream, REPO.value(), TAG.value(), null, tmp);
            RegistryClient from = client("docker.io", upstream.uri(), null);
            RegistryClient to = client("layer-store", store.uri(), null);

            ImageIndex index = (ImageIndex) from.pullManifest(REPO, TAG);
            assertThat(index.manifests()).hasSize(2);
            for (Descriptor child : index.manifests()) {
                Manifest m = from.pullManifest(REPO, child.digest());
                for (Descriptor blob : m.references()) {
                    assertThat(to.pushBlob(REPO, blob, Optional.empty(), () -> from.pullBlob(REPO, blob)))
                            .isEqualTo(RegistryClient.BlobPush.UPLOADED);
                }
                to.pushManifest(REPO, m);
            }
            to.pushManifest(REPO, TAG, index);

            String raw = TestImage.run(List.of("skopeo", "inspect", "--raw", "--tls-verify=false",
                    "docker://" + store.hostPort() + "/" + REPO + ":" + TAG));
            assertThat(raw.getBytes()).isEqualTo(index.bytes());
            // cross-repository mount inside one registry moves no bytes
            Descriptor layer = image.layers().get(0);
            long getsBefore = store.blobGets(REPO.value(), layer.digest().toString());
            assertThat(to.pushBlob(RepositoryName.parse("other/copy"), layer, Optional.of(REPO),
                    () -> { throw new AssertionError("a mount must not read the content"); }))
                    .isEqualTo(RegistryClient.BlobPush.MOUNTED);
            assertThat(to.hasBlob(RepositoryName.parse("other/copy"), layer.digest())).isTrue();
            assertThat(store.blobGets(REPO.value(), layer.digest().toString())).isEqualTo(getsBefore);
        }
    }

    @Test
    void basicAuthAgainstHtpasswdAndClearFailureOnWrongPassword() throws Exception {
        Path htpasswd = tmp.resolve("htpasswd");
        Files.writeString(htpasswd, Htpasswd.line("ouruser", "s3cret"));
        TestImage image = TestImage.single(List.of(TestLayer.random(10_000, 5)));
        try (LocalRegistry upstream = LocalRegistry.htpasswd(tmp.resolve("up"), htpasswd)) {
            image.push(upstream, "ouruser/sinatra", "v2", "ouruser:s3cret", tmp);
            RepositoryName repo = RepositoryName.parse("ouruser/sinatra");

            RegistryClient good = client("docker.io", upstream.uri(), new Credentials("ouruser", "s3cret"));
            assertThat(good.pullManifest(repo, Tag.parse("v2")).digest()).isEqualTo(image.top().digest());

            long refusedBefore = upstream.count("GET", 401, p -> p.contains("/manifests/"));
            RegistryClient bad = client("docker.io", upstream.uri(), new Credentials("ouruser", "wrong"));
            assertThatThrownBy(() -> bad.pullManifest(repo, Tag.parse("v2")))
                    .isInstanceOf(RegistryUnauthorizedException.class)
                    .hasMessageContaining("rejected the credentials of user ouruser");
            // one anonymous probe, one refused login: no retry loop
            assertThat(upstream.count("GET", 401, p -> p.contains("/manifests/")) - refusedBefore).isEqualTo(2);

            RegistryClient anonymous = client("docker.io", upstream.uri(), null);
            assertThatThrownBy(() -> anonymous.pullManifest(repo, Tag.parse("v2")))
                    .isInstanceOf(RegistryUnauthorizedException.class)
                    .hasMessageContaining("no credentials are configured");
        }
    }

    @Test
    void bearerTokenFromChallengeIsCachedAndWrongPasswordFailsOnce() throws Exception {
        try (TokenServer tokens = TokenServer.start(tmp.resolve("token"), "ouruser", "s3cret");
                LocalRegistry upstream = LocalRegistry.token(tmp.resolve("up"), tokens.realm(), TokenServer.SERVICE,
                        TokenServer.ISSUER, tokens.certificate())) {
            TestImage image = TestImage.single(List.of(TestLayer.random(50_000, 6), TestLayer.random(50_000, 7)));
            image.push(upstream, "training/sinatra", "latest", "ouruser:s3cret", tmp);
            RepositoryName repo = RepositoryName.parse("training/sinatra");

            RegistryClient client = client("docker.io", upstream.uri(), new Credentials("ouruser", "s3cret"));
            int before = tokens.requests();
            Manifest manifest = client.pullManifest(repo, Tag.LATEST);
            for (Descriptor blob : manifest.references()) {
                assertThat(read(client, repo, blob)).isEqualTo(image.blobs().get(blob.digest()));
            }
            assertThat(client.checkManifest(repo, Tag.LATEST)).isPresent();
            // one token for the pull scope, reused for every later request
            assertThat(tokens.requests() - before).isEqualTo(1);

            RegistryClient wrong = client("docker.io", upstream.uri(), new Credentials("ouruser", "nope"));
            int beforeWrong = tokens.requests();
            assertThatThrownBy(() -> wrong.pullManifest(repo, Tag.LATEST))
                    .isInstanceOf(RegistryUnauthorizedException.class)
                    .hasMessageContaining("token endpoint").hasMessageContaining("ouruser");
            assertThat(tokens.requests() - beforeWrong).isEqualTo(1);
        }
    }

    @Test
    void waitsOutRetryAfterOn429() throws Exception {
        TestImage image = TestImage.single(List.of(TestLayer.random(1_000, 8)));
        try (LocalRegistry upstream = LocalRegistry.open(tmp.resolve("up"));
                FaultProxy proxy = FaultProxy.start(upstream.uri())) {
            image.push(upstream, REPO.value(), TAG.value(), null, tmp);
            proxy.rateLimit(p -> p.endsWith("/manifests/" + TAG), 1, 2);
            RegistryClient client = client("docker.io", proxy.uri(), null);

            Instant start = Instant.now();
            assertThat(client.pullManifest(REPO, TAG).digest()).isEqualTo(image.top().digest());
            List<FaultProxy.Seen> manifestCalls = proxy.seen().stream()
                    .filter(s -> s.path().endsWith("/manifests/" + TAG)).toList();
            assertThat(manifestCalls).extracting(FaultProxy.Seen::status).containsExactly(429, 200);
            assertThat(Duration.between(manifestCalls.get(0).at(), manifestCalls.get(1).at()))
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(Duration.between(start, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        }
    }

    @Test
    void resumesABlobAfterTheConnectionDropsMidway() throws Exception {
        TestLayer layer = TestLayer.random(1_500_000, 9);
        TestImage image = TestImage.single(List.of(layer));
        try (LocalRegistry upstream = LocalRegistry.open(tmp.resolve("up"));
                FaultProxy proxy = FaultProxy.start(upstream.uri())) {
            image.push(upstream, REPO.value(), TAG.value(), null, tmp);
            String blobPath = "/v2/" + REPO + "/blobs/" + layer.digest();
            proxy.dropAfter(blobPath::equals, 1, 400_000);
            RegistryClient client = client("docker.io", proxy.uri(), null);

            assertThat(read(client, REPO, layer.descriptor())).isEqualTo(layer.gzip());
            // the first GET was cut off, the second asked for the rest only
            assertThat(proxy.seen().stream().filter(s -> s.path().equals(blobPath)).count()).isEqualTo(2);
            assertThat(upstream.count("GET", 206, blobPath::equals)).isEqualTo(1);
        }
    }

    @Test
    void anUnreachableRegistryIsUnavailableAfterBoundedRetries() {
        LocalRegistry stopped = LocalRegistry.open(tmp.resolve("up"));
        stopped.stop();
        RegistryClient client = client("docker.io", stopped.uri(), null);
        assertThatThrownBy(() -> client.checkManifest(REPO, TAG))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("unreachable").hasMessageContaining("3 attempts");
    }

    @Test
    void plainHttpIsOnlyAllowedForLoopbackUpstreams() {
        assertThatThrownBy(() -> RegistryEndpoint.upstream("docker.io", URI.create("http://example.com"), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
        assertThat(RegistryEndpoint.upstream("docker.io", URI.create("http://127.0.0.1:5001"), null).baseUri())
                .isEqualTo(URI.create("http://127.0.0.1:5001"));
    }
}
