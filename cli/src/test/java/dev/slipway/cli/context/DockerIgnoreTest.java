package dev.slipway.cli.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DockerIgnoreTest {

    @Test
    void starMatchesWithinOneDirectoryAndDoubleStarAcrossDirectories() {
        DockerIgnore ignore = DockerIgnore.parse("*.log\n**/*.tmp\n");
        assertThat(ignore.excludes("app.log")).isTrue();
        assertThat(ignore.excludes("logs/app.log")).isFalse();
        assertThat(ignore.excludes("a/b/c.tmp")).isTrue();
        assertThat(ignore.excludes("c.tmp")).isTrue();
        assertThat(ignore.excludes("app.rb")).isFalse();
    }

    @Test
    void aMatchedDirectoryExcludesEverythingBelowIt() {
        DockerIgnore ignore = DockerIgnore.parse("node_modules\n/.git\n");
        assertThat(ignore.excludes("node_modules")).isTrue();
        assertThat(ignore.excludes("node_modules/x/y.js")).isTrue();
        assertThat(ignore.excludes(".git/HEAD")).isTrue();
        assertThat(ignore.excludes("src/node_modules_notes.txt")).isFalse();
    }

    @Test
    void theLastMatchingLineWinsAndExclamationMarkReincludes() {
        DockerIgnore ignore = DockerIgnore.parse("*.md\n!README.md\n");
        assertThat(ignore.excludes("CHANGES.md")).isTrue();
        assertThat(ignore.excludes("README.md")).isFalse();
        assertThat(ignore.hasExceptions()).isTrue();
        DockerIgnore reverse = DockerIgnore.parse("!README.md\n*.md\n");
        assertThat(reverse.excludes("README.md")).isTrue();
    }

    @Test
    void commentsBlankLinesQuestionMarksClassesAndCleanedPaths() {
        DockerIgnore ignore = DockerIgnore.parse("# comment\n\n  ./build/  \nfile?.txt\n[ab].c\n[!x].h\n");
        assertThat(ignore.excludes("build/out.o")).isTrue();
        assertThat(ignore.excludes("file1.txt")).isTrue();
        assertThat(ignore.excludes("file12.txt")).isFalse();
        assertThat(ignore.excludes("a.c")).isTrue();
        assertThat(ignore.excludes("c.c")).isFalse();
        assertThat(ignore.excludes("y.h")).isTrue();
        assertThat(ignore.excludes("x.h")).isFalse();
        assertThat(ignore.excludes("# comment")).isFalse();
    }

    @Test
    void escapedMetacharactersMatchThemselves() {
        DockerIgnore ignore = DockerIgnore.parse("\\*.txt\n");
        assertThat(ignore.excludes("*.txt")).isTrue();
        assertThat(ignore.excludes("a.txt")).isFalse();
    }

    @Test
    void aMalformedPatternNamesItsLine() {
        assertThatThrownBy(() -> DockerIgnore.parse("ok\n[abc\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2");
    }
}
