package dev.slipway.common.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The digests expected below are the file names umoci gave the blobs in its OCI layout, and what
 * {@code skopeo manifest-digest} printed for the other fixtures: independent implementations.
 */
class ManifestTest {
    private static final String LAYER = "sha256:8874f3f13f056f6d2e8120134f4c9b5597673229b042f34bcbf59d72f0f5e528";
    private static final String CONFIG = "sha256:fdf3d78539eddc6e7858cac2ee5bde26512ab8b65414b74e0ac2368610f4c3f6";

    @Test
    void ociManifestFromUmociKeepsItsBytesAndDigest() {
        byte[] bytes = Fixtures.bytes("umoci-manifest.json");
        Manifest m = Manifest.parse(bytes, null);
        assertThat(m).isInstanceOf(ImageManifest.class);
        assertThat(m.digest()).hasToString(
                "sha256:ca4354060b3452d11f3b8dd0cb7aab42af34e3eca94a8f5bf3143bbf67d6aec3");
        assertThat(m.bytes()).isEqualTo(bytes);
        assertThat(m.size()).isEqualTo(349);
        assertThat(m.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        ImageManifest im = (ImageManifest) m;
        assertThat(im.config()).isEqualTo(Descriptor.of(MediaTypes.OCI_CONFIG, Digest.parse(CONFIG), 608));
        assertThat(im.layers()).containsExactly(
                Descriptor.of(MediaTypes.OCI_LAYER_GZIP, Digest.parse(LAYER), 1083971));
        assertThat(m.references()).extracting(Descriptor::digest)
                .containsExactly(Digest.parse(CONFIG), Digest.parse(LAYER));
        assertThat(m.subject()).isEmpty();
    }

    @Test
    void emptyLayerListIsAValidManifest() {
        Manifest m = Manifest.parse(Fixtures.bytes("umoci-empty-manifest.json"), MediaTypes.OCI_MANIFEST);
        assertThat(m.digest()).hasToString("sha256:0b52e8ec803375fd439c7aeb6fd6f497ba7611d7239eb3bd19d1c40278f477d1");
        assertThat(((ImageManifest) m).layers()).isEmpty();
    }

    @Test
    void dockerSchema2FromSkopeoWithSizeBeforeDigest() {
        byte[] bytes = Fixtures.bytes("skopeo-docker-manifest.json");
        Manifest m = Manifest.parse(bytes, MediaType.fromContentType(
                "application/vnd.docker.distribution.manifest.v2+json"));
        assertThat(m.digest()).hasToString("sha256:8801149e6c134226ced540ede5688837d0ceda2b4838d77c4dac7e089a1b2350");
        assertThat(m.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
        assertThat(((ImageManifest) m).config().mediaType()).isEqualTo(MediaTypes.DOCKER_CONFIG);
        assertThat(((ImageManifest) m).layers().get(0).mediaType()).isEqualTo(MediaTypes.DOCKER_LAYER_GZIP);
        assertThat(m.bytes()).isEqualTo(bytes);
    }

    @Test
    void prettyPrintedDockerManifestListKeepsItsWhitespace() {
        byte[] bytes = Fixtures.bytes("docker-manifest-list.json");
        Manifest m = Manifest.parse(bytes, null);
        assertThat(m).isInstanceOf(ImageIndex.class);
        assertThat(m.digest()).hasToString("sha256:04df22f97f1f3061096f5c7d4854cf3788b5007924dbb0938f9170b99e4d6215");
        assertThat(m.bytes()).isEqualTo(bytes);
        ImageIndex index = (ImageIndex) m;
        assertThat(index.manifests()).extracting(d -> d.platform().toString())
                .containsExactly("linux/amd64", "linux/arm64/v8");
        assertThat(index.forPlatform(Platform.parse("linux/arm64")).orElseThrow().digest().hex())
                .startsWith("5c8c2a2a");
        assertThat(index.forPlatform(Platform.parse("linux/amd64")).orElseThrow().digest().hex())
                .startsWith("8801149e");
        assertThat(index.forPlatform(Platform.parse("linux/s390x"))).isEmpty();
        assertThat(m.references()).hasSize(2);
    }

    @Test
    void ociIndexWithoutMediaTypeIsDetectedFromItsFields() {
        Manifest m = Manifest.parse(Fixtures.bytes("umoci-index.json"), null);
        assertThat(m.mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
        assertThat(m.digest()).hasToString("sha256:b8433836c6d65054660ce8111230b960767f9c27abadd986c622682d44060ed1");
        assertThat(((ImageIndex) m).manifests().get(0).annotations())
                .containsEntry("org.opencontainers.image.ref.name", "base");
    }

    @Test
    void sameContentWithOtherWhitespaceOrKeyOrderIsAnotherManifest() {
        String compact = new String(Fixtures.bytes("umoci-manifest.json"), StandardCharsets.UTF_8);
        String spaced = compact.replace(",", ",\n  ").replace("{", "{ ");
        ImageManifest a = (ImageManifest) Manifest.parse(compact.getBytes(StandardCharsets.UTF_8), null);
        ImageManifest b = (ImageManifest) Manifest.parse(spaced.getBytes(StandardCharsets.UTF_8), null);
        assertThat(b.config()).isEqualTo(a.config());
        assertThat(b.layers()).isEqualTo(a.layers());
        // the digest is of the bytes, so it differs, and each keeps its own bytes exactly
        assertThat(b.digest()).isNotEqualTo(a.digest()).isEqualTo(Digest.sha256(spaced.getBytes(StandardCharsets.UTF_8)));
        assertThat(b.bytes()).isEqualTo(spaced.getBytes(StandardCharsets.UTF_8));
        assertThat(b).isNotEqualTo(a);
    }

    @Test
    void createdManifestIsCanonicalAndReparsesToTheSameBytes() {
        Descriptor config = Descriptor.of(MediaTypes.OCI_CONFIG, Digest.parse(CONFIG), 608);
        Descriptor layer = Descriptor.of(MediaTypes.OCI_LAYER_GZIP, Digest.parse(LAYER), 1083971);
        ImageManifest created = ImageManifest.of(MediaTypes.OCI_MANIFEST, config, List.of(layer),
                Map.of("z.last", "2", "a.first", "1"));
        String json = new String(created.bytes(), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + CONFIG
                + "\",\"size\":608},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
                + "\"digest\":\"" + LAYER + "\",\"size\":1083971}],"
                + "\"annotations\":{\"a.first\":\"1\",\"z.last\":\"2\"}}");
        Manifest reparsed = Manifest.parse(created.bytes(), MediaTypes.OCI_MANIFEST);
        assertThat(reparsed.bytes()).isEqualTo(created.bytes());
        assertThat(reparsed.digest()).isEqualTo(created.digest()).isEqualTo(Digest.sha256(created.bytes()));
        assertThat(reparsed).isEqualTo(created);
        assertThat(ImageManifest.of(MediaTypes.OCI_MANIFEST, config, List.of(layer),
                Map.of("a.first", "1", "z.last", "2")).digest()).isEqualTo(created.digest());
    }

    @Test
    void createdIndexWithSubjectlessPlatformsRoundTrips() {
        ImageManifest amd = ImageManifest.of(MediaTypes.DOCKER_MANIFEST,
                Descriptor.of(MediaTypes.DOCKER_CONFIG, Digest.parse(CONFIG), 608), List.of(), Map.of());
        ImageIndex index = ImageIndex.of(MediaTypes.OCI_INDEX, List.of(
                amd.descriptor().withPlatform(Platform.parse("linux/amd64")),
                amd.descriptor().withPlatform(new Platform("arm64", "linux", "v8", null, List.of("f1")))),
                Map.of());
        ImageIndex again = (ImageIndex) Manifest.parse(index.bytes(), null);
        assertThat(again.bytes()).isEqualTo(index.bytes());
        assertThat(again.manifests()).isEqualTo(index.manifests());
        assertThat(again.manifests().get(1).platform().osFeatures()).containsExactly("f1");
        assertThat(again.manifests().get(0).mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    }

    @Test
    void referrerManifestKeepsSubjectAndArtifactType() {
        Descriptor subject = Descriptor.of(MediaTypes.OCI_MANIFEST, Fixtures.bytes("umoci-manifest.json"));
        ImageManifest sbom = ImageManifest.of(MediaTypes.OCI_MANIFEST,
                Descriptor.of(MediaTypes.OCI_EMPTY, "{}".getBytes(StandardCharsets.UTF_8)),
                List.of(Descriptor.of(new MediaType("application/spdx+json"), "{}".getBytes())), Map.of(), subject,
                "application/spdx+json");
        Manifest again = Manifest.parse(sbom.bytes(), null);
        assertThat(again.subject()).contains(subject);
        assertThat(again.artifactType()).isEqualTo("application/spdx+json");
        assertThat(again.references()).doesNotContain(subject);
        assertThat(again.descriptor().artifactType()).isEqualTo("application/spdx+json");
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
        "not json|invalid manifest: not valid JSON",
        "[]|invalid manifest: the document must be a JSON object",
        "{}|invalid manifest: schemaVersion: required field is missing",
        "{\"schemaVersion\":1,\"name\":\"x\"}|invalid manifest: schemaVersion: must be 2 (Docker schema 1 manifests are not supported)",
        "{\"schemaVersion\":2}|invalid manifest: mediaType: required field is missing and neither config nor manifests is present",
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"layers\":[]}|invalid manifest: config: required field is missing",
        "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"size\":2,\"digest\":\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\"}}|invalid manifest: layers: required field is missing",
        "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"size\":2},\"layers\":[]}|invalid manifest: config.digest: required field is missing",
        "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"size\":-2,\"digest\":\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\"},\"layers\":[]}|invalid manifest: config.size: must not be negative",
        "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"size\":2.5,\"digest\":\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\"},\"layers\":[]}|invalid manifest: config.size: must be an integer",
        "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"size\":2,\"digest\":\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\"},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"size\":1,\"digest\":\"sha256:abc\"}]}|invalid manifest: layers[0].digest: invalid digest \"sha256:abc\": sha256 digest must be 64 lowercase hex characters",
        "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"size\":1,\"digest\":\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\",\"platform\":{\"os\":\"linux\"}}]}|invalid manifest: manifests[0].platform.architecture: required field is missing",
        "{\"schemaVersion\":2,\"schemaVersion\":2,\"manifests\":[]}|invalid manifest: not valid JSON: Duplicate field 'schemaVersion'",
        "{\"schemaVersion\":2,\"manifests\":[]} {}|invalid manifest: not valid JSON",
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v1+json\"}|invalid manifest: unsupported manifest media type \"application/vnd.docker.distribution.manifest.v1+json\"",
        "{\"schemaVersion\":2,\"manifests\":{}}|invalid manifest: manifests: must be an array",
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[],\"annotations\":{\"a\":1}}|invalid manifest: annotations.a: must be a string",
    })
    void rejectsInvalidManifestsNamingTheField(String json, String message) {
        assertThatThrownBy(() -> Manifest.parse(json.getBytes(StandardCharsets.UTF_8), null))
                .isInstanceOf(InvalidManifestException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void contentTypeMustAgreeWithTheDeclaredMediaType() {
        byte[] docker = Fixtures.bytes("skopeo-docker-manifest.json");
        assertThatThrownBy(() -> Manifest.parse(docker, MediaTypes.OCI_MANIFEST))
                .isInstanceOf(InvalidManifestException.class)
                .hasMessage("invalid manifest: mediaType \"application/vnd.docker.distribution.manifest.v2+json\""
                        + " does not match the content type \"application/vnd.oci.image.manifest.v1+json\"");
        assertThatThrownBy(() -> Manifest.parse(docker, new MediaType("application/octet-stream")))
                .hasMessage("invalid manifest: unsupported manifest media type \"application/octet-stream\"");
        assertThat(Manifest.parse(docker, new MediaType("application/json")).mediaType())
                .isEqualTo(MediaTypes.DOCKER_MANIFEST);
        byte[] noMediaType = Fixtures.bytes("umoci-manifest.json");
        assertThatThrownBy(() -> Manifest.parse(noMediaType, MediaTypes.DOCKER_MANIFEST))
                .hasMessageContaining("mediaType: required field is missing (Docker schema 2 requires it)");
    }

    @Test
    void rejectsManifestsOverFourMebibytes() {
        String padded = "{\"schemaVersion\":2,\"manifests\":[]" + " ".repeat(Manifest.MAX_BYTES) + "}";
        assertThatThrownBy(() -> Manifest.parse(padded.getBytes(StandardCharsets.UTF_8), null))
                .isInstanceOf(InvalidManifestException.class)
                .hasMessageContaining("larger than the 4194304-byte limit");
    }

    @Test
    void bytesAreDefensivelyCopied() {
        byte[] bytes = Fixtures.bytes("umoci-manifest.json");
        Manifest m = Manifest.parse(bytes, null);
        Digest before = m.digest();
        bytes[0] = ' ';
        m.bytes()[1] = ' ';
        assertThat(Digest.sha256(m.bytes())).isEqualTo(before);
    }

    @Test
    void createRejectsWrongKinds() {
        Descriptor config = Descriptor.of(MediaTypes.OCI_CONFIG, "{}".getBytes());
        assertThatThrownBy(() -> ImageManifest.of(MediaTypes.OCI_INDEX, config, List.of(), Map.of()))
                .hasMessageContaining("not an image manifest media type");
        assertThatThrownBy(() -> ImageIndex.of(MediaTypes.OCI_MANIFEST, List.of(), Map.of()))
                .hasMessageContaining("not an index media type");
    }
}
