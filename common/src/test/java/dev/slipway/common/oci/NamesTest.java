package dev.slipway.common.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"library/ubuntu", "a", "a/b/c", "foo.bar_baz__qux--x/y", "slipway-internal/build-contexts"})
    void validRepositoryNames(String name) {
        assertThat(RepositoryName.parse(name).value()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Library/ubuntu", "a//b", "/a", "a/", "a___b", "a.-b", "localhost:5000/a"})
    void invalidRepositoryNames(String name) {
        assertThatThrownBy(() -> RepositoryName.parse(name)).isInstanceOf(InvalidReferenceException.class)
                .hasMessageStartingWith("invalid reference \"" + name + "\": repository name");
    }

    @Test
    void repositoryNameLengthLimit() {
        String ok = "a".repeat(255);
        assertThat(RepositoryName.parse(ok).value()).hasSize(255);
        assertThatThrownBy(() -> RepositoryName.parse(ok + "a"))
                .hasMessageContaining("must not be longer than 255 characters (it has 256)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"latest", "14.04", "_x", "A-b.C_d", "v1.2.3-rc.1"})
    void validTags(String tag) {
        assertThat(Tag.parse(tag).value()).isEqualTo(tag);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-x", ".x", "a:b", "a/b", "a b"})
    void invalidTags(String tag) {
        assertThatThrownBy(() -> Tag.parse(tag)).isInstanceOf(InvalidReferenceException.class)
                .hasMessageContaining("tag");
    }

    @Test
    void tagLengthLimit() {
        assertThat(Tag.parse("x".repeat(128)).value()).hasSize(128);
        assertThatThrownBy(() -> Tag.parse("x".repeat(129))).hasMessageContaining("is longer than 128 characters");
    }

    @Test
    void mediaTypesAndPlatforms() {
        assertThat(MediaType.fromContentType("Application/VND.oci.image.manifest.v1+json; charset=utf-8"))
                .isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThatThrownBy(() -> MediaType.parse("not a media type")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid media type");
        Platform p = Platform.parse("linux/arm64/v8");
        assertThat(p.os()).isEqualTo("linux");
        assertThat(p.architecture()).isEqualTo("arm64");
        assertThat(p.variant()).isEqualTo("v8");
        assertThat(p).hasToString("linux/arm64/v8");
        assertThatThrownBy(() -> Platform.parse("linux")).hasMessageContaining("os/arch[/variant]");
    }
}
