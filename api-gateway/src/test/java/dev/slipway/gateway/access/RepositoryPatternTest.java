package dev.slipway.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.gateway.error.ApiException;
import org.junit.jupiter.api.Test;

class RepositoryPatternTest {

    @Test
    void starMatchesAnyRunIncludingSlashes() {
        RepositoryPattern ns = new RepositoryPattern("ouruser/*");
        assertThat(ns.matches("ouruser/app")).isTrue();
        assertThat(ns.matches("ouruser/a/b/c")).isTrue();
        assertThat(ns.matches("ouruser/")).isTrue();
        assertThat(ns.matches("ouruser")).isFalse();
        assertThat(ns.matches("ouruser2/app")).isFalse();
        assertThat(new RepositoryPattern("*").matches("anything/at/all")).isTrue();
        assertThat(new RepositoryPattern("a/*-ci/*").matches("a/x-ci/y")).isTrue();
        assertThat(new RepositoryPattern("a/*-ci/*").matches("a/x-cd/y")).isFalse();
        assertThat(new RepositoryPattern("a/*b*b").matches("a/bbb")).isTrue();
        assertThat(new RepositoryPattern("a/*b*b").matches("a/bxb-")).isFalse();
    }

    @Test
    void everythingElseIsLiteral() {
        RepositoryPattern exact = new RepositoryPattern("library/ubuntu");
        assertThat(exact.matches("library/ubuntu")).isTrue();
        assertThat(exact.matches("library/ubuntu2")).isFalse();
        assertThat(new RepositoryPattern("a.b/c").matches("axb/c")).isFalse();
    }

    @Test
    void insideANamespaceMeansEveryMatchStartsWithIt() {
        assertThat(new RepositoryPattern("ouruser/*").isInside("ouruser")).isTrue();
        assertThat(new RepositoryPattern("ouruser/ci-*").isInside("ouruser")).isTrue();
        assertThat(new RepositoryPattern("ouruser/app").isInside("ouruser")).isTrue();
        assertThat(new RepositoryPattern("ouruser*").isInside("ouruser")).isFalse();
        assertThat(new RepositoryPattern("*").isInside("ouruser")).isFalse();
        assertThat(new RepositoryPattern("ouruser/").isInside("ouruser")).isFalse();
        assertThat(new RepositoryPattern("other/*").isInside("ouruser")).isFalse();
    }

    @Test
    void malformedPatternsAreRefused() {
        for (String bad : new String[] {"", "Upper/*", "a b", "a?b", "x".repeat(256)}) {
            assertThatThrownBy(() -> new RepositoryPattern(bad)).isInstanceOf(ApiException.class)
                    .extracting(e -> ((ApiException) e).code().code()).isEqualTo("invalid-robot-pattern");
        }
    }
}
