package dev.slipway.worker.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DockerIgnoreTest {

    @Test
    void documentationExample() {
        DockerIgnore ig = DockerIgnore.parse("""
                # comment
                */temp*
                */*/temp*
                temp?
                """);
        assertThat(ig.excludes("somedir/temporary.txt")).isTrue();
        assertThat(ig.excludes("somedir/temp")).isTrue();
        assertThat(ig.excludes("somedir/subdir/temporary.txt")).isTrue();
        assertThat(ig.excludes("tempa")).isTrue();
        assertThat(ig.excludes("tempb/inside")).isTrue();
        assertThat(ig.excludes("temp")).isFalse();
        assertThat(ig.excludes("temporary.txt")).isFalse();
        assertThat(ig.excludes("# comment")).isFalse();
    }

    @Test
    void doubleStarMatchesAnyDepth() {
        DockerIgnore ig = DockerIgnore.parse("**/*.go\n");
        assertThat(ig.excludes("main.go")).isTrue();
        assertThat(ig.excludes("a/b/c.go")).isTrue();
        assertThat(ig.excludes("a/b/c.gox")).isFalse();
        DockerIgnore mid = DockerIgnore.parse("a/**/z\n");
        assertThat(mid.excludes("a/z")).isTrue();
        assertThat(mid.excludes("a/b/c/z")).isTrue();
        assertThat(mid.excludes("b/a/z")).isFalse();
    }

    @Test
    void exceptionsAndLastMatchWins() {
        DockerIgnore ig = DockerIgnore.parse("*.md\n!README*.md\nREADME-secret.md\n");
        assertThat(ig.excludes("CHANGES.md")).isTrue();
        assertThat(ig.excludes("README.md")).isFalse();
        assertThat(ig.excludes("README-secret.md")).isTrue();
    }

    @Test
    void directoryPatternExcludesContentsAndLeadingSlashIsIgnored() {
        DockerIgnore ig = DockerIgnore.parse("/node_modules\n./build/\nlogs/../tmp\n");
        assertThat(ig.excludes("node_modules/x/y.js")).isTrue();
        assertThat(ig.excludes("build/out.bin")).isTrue();
        assertThat(ig.excludes("tmp/a")).isTrue();
        assertThat(ig.excludes("src/node_modules")).isFalse();
    }

    @Test
    void exceptionInsideExcludedDirectory() {
        DockerIgnore ig = DockerIgnore.parse("dir\n!dir/keep\n");
        assertThat(ig.excludes("dir/drop")).isTrue();
        assertThat(ig.excludes("dir/keep")).isFalse();
        assertThat(ig.mayIncludeBelow("dir")).isTrue();
        assertThat(DockerIgnore.parse("dir\n").mayIncludeBelow("dir")).isFalse();
    }

    @Test
    void characterClassesAndEscapes() {
        DockerIgnore ig = DockerIgnore.parse("file[0-9].txt\nx[^a]y\n\\*star\n");
        assertThat(ig.excludes("file7.txt")).isTrue();
        assertThat(ig.excludes("filea.txt")).isFalse();
        assertThat(ig.excludes("xby")).isTrue();
        assertThat(ig.excludes("xay")).isFalse();
        assertThat(ig.excludes("*star")).isTrue();
        assertThat(ig.excludes("astar")).isFalse();
    }

    @Test
    void malformedPatternIsAnError() {
        assertThatThrownBy(() -> DockerIgnore.parse("ok\n[abc\n")).hasMessageContaining("line 2");
        assertThatThrownBy(() -> DockerIgnore.parse("!\n")).hasMessageContaining("illegal exclusion");
    }
}
