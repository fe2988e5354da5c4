package dev.slipway.worker.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.common.oci.Descriptor;
import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.ImageManifest;
import dev.slipway.common.oci.Manifest;
import dev.slipway.common.oci.MediaTypes;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.registry.client.CredentialsProvider;
import dev.slipway.registry.client.RegistryUnauthorizedException;
import dev.slipway.registry.testing.LocalRegistry;
import dev.slipway.registry.testing.Skopeo;
import dev.slipway.registry.testing.TestLayer;
import dev.slipway.registry.testing.TokenServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker's layer-store access against a real docker-registry with {@code auth: token}, logged in as
 * {@code robot$build-worker} with its token file, as {@code worker.layer-store.*} configures it.
 */
class LayerStoreTest {

    private static final String ROBOT = "robot$build-worker";
    private static final String SECRET = "worker-robot-token-a41e";

    @TempDir
    Path tmp;

    @Test
    void buildsAndCopiesAnImageAsTheRobotOnceItsTokenFileExists() throws Exception {
        try (TokenServer tokens = TokenServer.start(tmp.resolve("token"), ROBOT, SECRET);
                LocalRegistry registry = LocalRegistry.token(tmp.resolve("registry"), tokens.realm(),
                        TokenServer.SERVICE, TokenServer.ISSUER, tokens.certificate())
                        .loggedInAs(ROBOT + ":" + SECRET)) {
            Path tokenFile = tmp.resolve("data/robots/build-worker.token");
            LayerStore store = LayerStore.connect(registry.uri(), CredentialsProvider.passwordFile(ROBOT, tokenFile));
            RepositoryName app = RepositoryName.parse("ouruser/app");
            assertThat(store.host()).isEqualTo(registry.hostPort());

            // the worker started before the gateway wrote its token: the failure says which file is missing
            assertThatThrownBy(() -> store.hasBlob(app, Digest.sha256(new byte[0])))
                    .isInstanceOf(LayerStoreException.class).hasMessageContaining(tokenFile.toString())
                    .hasCauseInstanceOf(RegistryUnauthorizedException.class);
            Files.createDirectories(tokenFile.getParent());
            Files.writeString(tokenFile, SECRET + "\n");

            TestLayer layer = TestLayer.random(300_000, 31);
            Path layerFile = Files.write(tmp.resolve("layer.tar.gz"), layer.gzip());
            store.pushBlob(app, layer.digest(), layerFile);
            byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                    .concat(layer.diffId().toString()).concat("\"]}}").getBytes(StandardCharsets.UTF_8);
            Digest configDigest = store.pushBlob(app, config);
            Manifest manifest = ImageManifest.of(MediaTypes.OCI_MANIFEST,
                    Descriptor.of(MediaTypes.OCI_CONFIG, configDigest, config.length), List.of(layer.descriptor()),
                    Map.of());
            assertThat(store.pullManifest(app, "1")).isEmpty();
            assertThat(store.pushManifest(app, "1", manifest)).isEqualTo(manifest.digest());

            RepositoryName copy = RepositoryName.parse("ouruser/copy");
            store.copyBlob(app, copy, layer.descriptor());
            store.copyBlob(app, copy, Descriptor.of(MediaTypes.OCI_CONFIG, configDigest, config.length));
            store.pushManifest(copy, manifest.digest().toString(), manifest);
            store.pushManifest(copy, "latest", manifest);

            assertThat(Skopeo.digest(registry, "ouruser/copy:latest")).isEqualTo(manifest.digest().toString());
            assertThat(store.pullManifest(copy, manifest.digest().toString())).contains(manifest);
            Path pulled = tmp.resolve("pulled.tar.gz");
            store.pullBlob(copy, layer.descriptor(), pulled);
            assertThat(Files.readAllBytes(pulled)).isEqualTo(layer.gzip());
            assertThat(store.pullBlobBytes(copy, Descriptor.of(MediaTypes.OCI_CONFIG, configDigest, config.length)))
                    .isEqualTo(config);
            // copies are mounts: the layer's bytes were uploaded once and never downloaded for the copy
            assertThat(registry.count("POST", 201, p -> p.startsWith("/v2/ouruser/copy/blobs/uploads/"))).isEqualTo(2);
            assertThat(registry.count("GET", 200, ("/v2/ouruser/app/blobs/" + layer.digest())::equals)).isZero();
            // nothing was asked first: a mount needs no HEAD, and a pull by descriptor knows the size
            assertThat(registry.count("HEAD", 200, p -> p.startsWith("/v2/ouruser/copy/"))
                    + registry.count("HEAD", 404, p -> p.startsWith("/v2/ouruser/copy/"))).isZero();
        }
    }
}
