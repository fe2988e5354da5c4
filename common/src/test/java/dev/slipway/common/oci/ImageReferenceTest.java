package dev.slipway.common.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mirrors the tables of distribution/reference's reference_test.go (TestReferenceParse) and normalize_test.go
 * (TestValidateReferenceName, TestValidateRemoteName, TestParseRepositoryInfo, TestNormalizedSplitHostname,
 * TestParseAnyReference), with Docker's normalisation applied as {@code docker pull} does.
 */
class ImageReferenceTest {
    private static final String F64 = "f".repeat(64);
    private static final String DBCC = "dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c";

    /** input, full normalised form, registry, repository path, familiar form. */
    static Stream<Arguments> valid() {
        return Stream.of(
            Arguments.of("ubuntu", "docker.io/library/ubuntu:latest", "docker.io", "library/ubuntu", "ubuntu:latest"),
            Arguments.of("ubuntu:14.04", "docker.io/library/ubuntu:14.04", "docker.io", "library/ubuntu", "ubuntu:14.04"),
            Arguments.of("ouruser/sinatra:v2", "docker.io/ouruser/sinatra:v2", "docker.io", "ouruser/sinatra", "ouruser/sinatra:v2"),
            Arguments.of("training/sinatra", "docker.io/training/sinatra:latest", "docker.io", "training/sinatra", "training/sinatra:latest"),
            Arguments.of("docker.io/library/redis:latest", "docker.io/library/redis:latest", "docker.io", "library/redis", "redis:latest"),
            Arguments.of("docker.io/debian", "docker.io/library/debian:latest", "docker.io", "library/debian", "debian:latest"),
            Arguments.of("library/debian", "docker.io/library/debian:latest", "docker.io", "library/debian", "debian:latest"),
            Arguments.of("index.docker.io/docker/docker", "docker.io/docker/docker:latest", "docker.io", "docker/docker", "docker/docker:latest"),
            Arguments.of("index.docker.io/debian", "docker.io/library/debian:latest", "docker.io", "library/debian", "debian:latest"),
            Arguments.of("docker.io/library/foo/bar", "docker.io/library/foo/bar:latest", "docker.io", "library/foo/bar", "library/foo/bar:latest"),
            Arguments.of("other/library", "docker.io/other/library:latest", "docker.io", "other/library", "other/library:latest"),
            Arguments.of("store/foo/bar", "docker.io/store/foo/bar:latest", "docker.io", "store/foo/bar", "store/foo/bar:latest"),
            Arguments.of("library/ubuntu-12.04-base", "docker.io/library/ubuntu-12.04-base:latest", "docker.io", "library/ubuntu-12.04-base", "ubuntu-12.04-base:latest"),
            Arguments.of("test_com", "docker.io/library/test_com:latest", "docker.io", "library/test_com", "test_com:latest"),
            Arguments.of("test_com/foo", "docker.io/test_com/foo:latest", "docker.io", "test_com/foo", "test_com/foo:latest"),
            Arguments.of("test.com:tag", "docker.io/library/test.com:tag", "docker.io", "library/test.com", "test.com:tag"),
            Arguments.of("test.com:5000", "docker.io/library/test.com:5000", "docker.io", "library/test.com", "test.com:5000"),
            Arguments.of("test.com/repo:tag", "test.com/repo:tag", "test.com", "repo", "test.com/repo:tag"),
            Arguments.of("test:5000/repo", "test:5000/repo:latest", "test:5000", "repo", "test:5000/repo:latest"),
            Arguments.of("test:5000/repo:tag@sha256:" + F64, "test:5000/repo:tag@sha256:" + F64, "test:5000", "repo", "test:5000/repo:tag@sha256:" + F64),
            Arguments.of("test:5000/repo@sha256:" + F64, "test:5000/repo@sha256:" + F64, "test:5000", "repo", "test:5000/repo@sha256:" + F64),
            Arguments.of("lowercase:Uppercase", "docker.io/library/lowercase:Uppercase", "docker.io", "library/lowercase", "lowercase:Uppercase"),
            Arguments.of("sub-dom1.foo.com/bar/baz/quux:some-long-tag", "sub-dom1.foo.com/bar/baz/quux:some-long-tag", "sub-dom1.foo.com", "bar/baz/quux", "sub-dom1.foo.com/bar/baz/quux:some-long-tag"),
            Arguments.of("b.gcr.io/test.example.com/my-app:test.example.com", "b.gcr.io/test.example.com/my-app:test.example.com", "b.gcr.io", "test.example.com/my-app", "b.gcr.io/test.example.com/my-app:test.example.com"),
            Arguments.of("xn--n3h.com/myimage:xn--n3h.com", "xn--n3h.com/myimage:xn--n3h.com", "xn--n3h.com", "myimage", "xn--n3h.com/myimage:xn--n3h.com"),
            Arguments.of("xn--7o8h.com/myimage:xn--7o8h.com@sha512:" + "f".repeat(128), "xn--7o8h.com/myimage:xn--7o8h.com@sha512:" + "f".repeat(128), "xn--7o8h.com", "myimage", "xn--7o8h.com/myimage:xn--7o8h.com@sha512:" + "f".repeat(128)),
            Arguments.of("foo_bar.com:8080", "docker.io/library/foo_bar.com:8080", "docker.io", "library/foo_bar.com", "foo_bar.com:8080"),
            Arguments.of("foo/foo_bar.com:8080", "docker.io/foo/foo_bar.com:8080", "docker.io", "foo/foo_bar.com", "foo/foo_bar.com:8080"),
            Arguments.of("192.168.1.1", "docker.io/library/192.168.1.1:latest", "docker.io", "library/192.168.1.1", "192.168.1.1:latest"),
            Arguments.of("192.168.1.1:5000/repo:5050", "192.168.1.1:5000/repo:5050", "192.168.1.1:5000", "repo", "192.168.1.1:5000/repo:5050"),
            Arguments.of("127.0.0.1:5000/library/debian", "127.0.0.1:5000/library/debian:latest", "127.0.0.1:5000", "library/debian", "127.0.0.1:5000/library/debian:latest"),
            Arguments.of("localhost:5000/a/b:t", "localhost:5000/a/b:t", "localhost:5000", "a/b", "localhost:5000/a/b:t"),
            Arguments.of("localhost/foo", "localhost/foo:latest", "localhost", "foo", "localhost/foo:latest"),
            Arguments.of("registry.example.com:443/x/y@sha256:" + DBCC, "registry.example.com:443/x/y@sha256:" + DBCC, "registry.example.com:443", "x/y", "registry.example.com:443/x/y@sha256:" + DBCC),
            Arguments.of("[2001:db8::1]/repo", "[2001:db8::1]/repo:latest", "[2001:db8::1]", "repo", "[2001:db8::1]/repo:latest"),
            Arguments.of("[2001:db8:1:2:3:4:5:6]/repo:tag", "[2001:db8:1:2:3:4:5:6]/repo:tag", "[2001:db8:1:2:3:4:5:6]", "repo", "[2001:db8:1:2:3:4:5:6]/repo:tag"),
            Arguments.of("[2001:db8::1]:5000/repo:tag@sha256:" + F64, "[2001:db8::1]:5000/repo:tag@sha256:" + F64, "[2001:db8::1]:5000", "repo", "[2001:db8::1]:5000/repo:tag@sha256:" + F64),
            Arguments.of("[::1]:5000/repo", "[::1]:5000/repo:latest", "[::1]:5000", "repo", "[::1]:5000/repo:latest"),
            Arguments.of("[fc00:1:2:3:4:5:6:7]:5000/library/debian", "[fc00:1:2:3:4:5:6:7]:5000/library/debian:latest", "[fc00:1:2:3:4:5:6:7]:5000", "library/debian", "[fc00:1:2:3:4:5:6:7]:5000/library/debian:latest"),
            Arguments.of("Docker/docker", "Docker/docker:latest", "Docker", "docker", "Docker/docker:latest"),
            Arguments.of("FOO/bar", "FOO/bar:latest", "FOO", "bar", "FOO/bar:latest"),
            Arguments.of("docker.io/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a", "docker.io/library/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a:latest", "docker.io", "library/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a", "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a:latest"),
            Arguments.of("thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev", "docker.io/library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev:latest", "docker.io", "library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev", "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev:latest"),
            Arguments.of("docker-rules/docker", "docker.io/docker-rules/docker:latest", "docker.io", "docker-rules/docker", "docker-rules/docker:latest"),
            Arguments.of("docker---rules/docker", "docker.io/docker---rules/docker:latest", "docker.io", "docker---rules/docker", "docker---rules/docker:latest"),
            Arguments.of("d/docker", "docker.io/d/docker:latest", "docker.io", "d/docker", "d/docker:latest"),
            Arguments.of("jess/t", "docker.io/jess/t:latest", "docker.io", "jess/t", "jess/t:latest"),
            Arguments.of("dock__er/docker", "docker.io/dock__er/docker:latest", "docker.io", "dock__er/docker", "dock__er/docker:latest"),
            Arguments.of("busybox:latest@sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa", "docker.io/library/busybox:latest@sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa", "docker.io", "library/busybox", "busybox:latest@sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa"),
            Arguments.of("redis@sha256:" + DBCC, "docker.io/library/redis@sha256:" + DBCC, "docker.io", "library/redis", "redis@sha256:" + DBCC),
            Arguments.of("dbcc1", "docker.io/library/dbcc1:latest", "docker.io", "library/dbcc1", "dbcc1:latest"),
            Arguments.of("a/" .repeat(122) + "a:tag", "docker.io/" + "a/".repeat(122) + "a:tag", "docker.io", "a/".repeat(122) + "a", "a/".repeat(122) + "a:tag"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("valid")
    void parsesAndNormalisesLikeDocker(String input, String full, String registry, String path, String familiar) {
        ImageReference ref = ImageReference.parse(input);
        assertThat(ref).hasToString(full);
        assertThat(ref.registry()).isEqualTo(registry);
        assertThat(ref.repository().value()).isEqualTo(path);
        assertThat(ref.familiar()).isEqualTo(familiar);
        // the normalised and the familiar form both parse back to the same reference
        assertThat(ImageReference.parse(full)).isEqualTo(ref);
        assertThat(ImageReference.parse(ref.familiar())).isEqualTo(ref);
    }

    /** input, a part of the expected message naming the component and rule. */
    static Stream<Arguments> invalid() {
        return Stream.of(
            Arguments.of("", "repository name must not be empty"),
            Arguments.of(":justtag", "repository name must not be empty"),
            Arguments.of("@sha256:" + F64, "repository name must not be empty"),
            Arguments.of("repo@sha256:ffffffffffffffffffffffffffffffffff", "invalid digest \"sha256:ffffffffffffffffffffffffffffffffff\": sha256 digest must be 64 lowercase hex characters"),
            Arguments.of("validname@invaliddigest:" + F64, "unsupported digest algorithm \"invaliddigest\""),
            Arguments.of("Ubuntu", "invalid reference \"Ubuntu\": repository name must be lowercase"),
            Arguments.of("Uppercase:tag", "repository name must be lowercase"),
            Arguments.of("test:5000/Uppercase/lowercase:tag", "repository name must be lowercase"),
            Arguments.of("docker/Docker", "repository name must be lowercase"),
            Arguments.of("docker.io/docker/Docker", "repository name must be lowercase"),
            Arguments.of("a/".repeat(128) + "a:tag", "repository name must not be longer than 255 characters"),
            Arguments.of("a/".repeat(127) + "a:tag-puts-this-over-max", "longer than 255 characters including the registry"),
            Arguments.of("aa/asdf$$^/aa", "repository name component \"asdf$$^\" must be lowercase letters and digits"),
            Arguments.of("https://github.com/docker/docker", "no URL scheme"),
            Arguments.of("-docker", "repository name component \"-docker\""),
            Arguments.of("-docker/docker", "repository name component \"-docker\""),
            Arguments.of("docker-/docker", "repository name component \"docker-\""),
            Arguments.of("-docker.io/docker/docker", "registry host \"-docker.io\""),
            Arguments.of("docker///docker", "repository name component 2 is empty"),
            Arguments.of("docker.io/docker///docker", "repository name component 2 is empty"),
            Arguments.of("docker/", "repository name component 2 is empty"),
            Arguments.of("____/____", "repository name component \"____\""),
            Arguments.of("_docker/_docker", "repository name component \"_docker\""),
            // a first component with a dot is a registry host, as in normalize.go
            Arguments.of("dock..er/docker", "registry host \"dock..er\""),
            Arguments.of("dock_.er/docker", "registry host \"dock_.er\""),
            Arguments.of("dock-.er/docker", "registry host \"dock-.er\""),
            Arguments.of("[fc00::1]", "tag \"1]\""),
            Arguments.of("[fc00::1]:5000", "repository name component \"[fc00::1]\""),
            Arguments.of("[2001:db8::1]:tag", "repository name component \"[2001:db8::1]\""),
            Arguments.of("fc00::1:5000/debian", "registry port \":1:5000\" must be a number"),
            Arguments.of("[fe80::1%eth0]:5000/repo", "invalid IPv6 address"),
            Arguments.of("[fe80::1%@invalidzone]:5000/repo", "invalid reference"),
            Arguments.of("[2001:db8:3:4::192.0.2.33]:5000/debian", "invalid IPv6 address"),
            Arguments.of("1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a", "is an image ID, not a repository name"),
            Arguments.of("this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255/docker", "longer than 255"),
            Arguments.of("ubuntu:" + "t".repeat(129), "tag \"" + "t".repeat(129) + "\" is longer than 128 characters"),
            Arguments.of("ubuntu:-foo", "tag \"-foo\" must start with a letter, digit or '_'"),
            Arguments.of("ubuntu:.foo", "tag \".foo\" must start"),
            Arguments.of("ubuntu:", "tag must not be empty"),
            Arguments.of("localhost:/foo", "registry port \"\" must be a number"),
            Arguments.of("example.com:5000a/foo", "registry port \"5000a\" must be a number"),
            Arguments.of("ubuntu@sha256:" + DBCC.toUpperCase(), "sha256 digest must be 64 lowercase hex characters"),
            Arguments.of("a b", "repository name component \"a b\""),
            Arguments.of("ubuntu:latest@", "digest must not be empty"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalid")
    void rejectsWithAPreciseMessage(String input, String message) {
        assertThatThrownBy(() -> ImageReference.parse(input))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessageStartingWith("invalid reference \"" + input + "\": ")
                .hasMessageContaining(message);
    }

    @Test
    void tagOfExactly128CharactersIsAllowed() {
        String tag = "t".repeat(128);
        assertThat(ImageReference.parse("ubuntu:" + tag).tag().value()).isEqualTo(tag);
    }

    @Test
    void nameOfExactly255CharactersIncludingRegistryIsAllowed() {
        String path = "a/".repeat(122) + "a"; // 245 + "docker.io/" = 255
        assertThat(ImageReference.parse(path).name()).hasSize(255);
    }

    @Test
    void impliesLatestOnlyWithoutDigest() {
        assertThat(ImageReference.parse("ubuntu").tag()).isEqualTo(Tag.LATEST);
        ImageReference pinned = ImageReference.parse("ubuntu@sha256:" + DBCC);
        assertThat(pinned.tag()).isNull();
        assertThat(pinned.digest()).isEqualTo(Digest.parse("sha256:" + DBCC));
        assertThat(pinned.manifestReference()).isEqualTo("sha256:" + DBCC);
        assertThat(ImageReference.parse("ubuntu:14.04").manifestReference()).isEqualTo("14.04");
    }

    @Test
    void dockerHubHelpers() {
        ImageReference hub = ImageReference.parse("ubuntu");
        assertThat(hub.isDockerHub()).isTrue();
        assertThat(hub.apiHost()).isEqualTo("registry-1.docker.io");
        assertThat(hub.familiarName()).isEqualTo("ubuntu");
        ImageReference local = ImageReference.parse("localhost:5000/a/b:t");
        assertThat(local.isDockerHub()).isFalse();
        assertThat(local.apiHost()).isEqualTo("localhost:5000");
        assertThat(local.withTag(new Tag("v2"))).hasToString("localhost:5000/a/b:v2");
        assertThat(local.withDigest(Digest.parse("sha256:" + DBCC)))
                .hasToString("localhost:5000/a/b:t@sha256:" + DBCC);
    }

    @Test
    void constructorNormalisesDockerHubToo() {
        ImageReference ref = ImageReference.of("index.docker.io", RepositoryName.parse("ubuntu"), Tag.parse("22.04"));
        assertThat(ref).hasToString("docker.io/library/ubuntu:22.04").isEqualTo(ImageReference.parse("ubuntu:22.04"));
        assertThatThrownBy(() -> ImageReference.of("bad host", RepositoryName.parse("x"), Tag.LATEST))
                .isInstanceOf(InvalidReferenceException.class).hasMessageContaining("registry host \"bad host\"");
    }
}
