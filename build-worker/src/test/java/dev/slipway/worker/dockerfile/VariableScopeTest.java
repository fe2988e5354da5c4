package dev.slipway.worker.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VariableScopeTest {

    private final ShellLex lex = new ShellLex('\\');

    private VariableScope globalScope(String dockerfile, Map<String, String> buildArgs) throws Exception {
        Dockerfile df = DockerfileParser.parse("Dockerfile", dockerfile);
        VariableScope g = VariableScope.global(buildArgs, Map.of("TARGETARCH", "amd64"));
        for (Instruction.Arg a : df.globalArgs()) {
            g.declare(a, lex);
        }
        return g;
    }

    private static Instruction.Arg arg(String text) throws Exception {
        return (Instruction.Arg) DockerfileParser.parse("Dockerfile", "FROM scratch\nARG " + text + "\n")
                .stages().get(0).instructions().get(0);
    }

    @Test
    void globalArgIsOnlyVisibleInFromUnlessRedeclared() throws Exception {
        VariableScope g = globalScope("ARG VERSION=1.36\nFROM busybox:$VERSION\n", Map.of());
        assertThat(g.expansionEnv()).containsEntry("VERSION", "1.36");
        VariableScope stage = VariableScope.stage(g, Map.of());
        assertThat(stage.expansionEnv()).doesNotContainKey("VERSION");
        stage.declare(arg("VERSION"), lex);
        assertThat(stage.expansionEnv()).containsEntry("VERSION", "1.36");
        assertThat(stage.runEnv()).containsEntry("VERSION", "1.36");
    }

    @Test
    void buildArgOverridesDeclaredDefaultsButIsIgnoredWhenUndeclared() throws Exception {
        VariableScope g = globalScope("ARG V=1\nFROM scratch\n", Map.of("V", "2", "OTHER", "x", "HTTP_PROXY", "http://p"));
        assertThat(g.expansionEnv()).containsEntry("V", "2");
        VariableScope stage = VariableScope.stage(g, Map.of());
        stage.declare(arg("LOCAL=def V"), lex);
        assertThat(stage.expansionEnv()).containsEntry("LOCAL", "def").containsEntry("V", "2")
                .doesNotContainKey("OTHER");
        assertThat(stage.runEnv()).containsEntry("HTTP_PROXY", "http://p").doesNotContainKey("OTHER");
    }

    @Test
    void envWinsOverArgAndArgIsNotInTheImage() throws Exception {
        VariableScope stage = VariableScope.stage(globalScope("FROM scratch\n", Map.of("CONT_IMG_VER", "v2.0.1")),
                new LinkedHashMap<>(Map.of("PATH", "/bin")));
        stage.declare(arg("CONT_IMG_VER"), lex);
        assertThat(stage.expansionEnv()).containsEntry("CONT_IMG_VER", "v2.0.1");
        assertThat(stage.effectiveArgs()).containsEntry("CONT_IMG_VER", "v2.0.1");
        Instruction.Env env = (Instruction.Env) DockerfileParser.parse("Dockerfile",
                "FROM scratch\nENV CONT_IMG_VER=v1.0.0 PATH=$PATH:/usr/local/bin\n").stages().get(0).instructions().get(0);
        stage.setEnv(env.expand(lex, stage.expansionEnv()));
        assertThat(stage.expansionEnv()).containsEntry("CONT_IMG_VER", "v1.0.0");
        assertThat(stage.imageEnv()).containsEntry("PATH", "/bin:/usr/local/bin").containsEntry("CONT_IMG_VER", "v1.0.0");
        assertThat(stage.effectiveArgs()).doesNotContainKey("CONT_IMG_VER");
        assertThat(stage.runEnv()).containsEntry("CONT_IMG_VER", "v1.0.0");
    }

    @Test
    void argWithoutValueIsDeclaredButUnset() throws Exception {
        VariableScope stage = VariableScope.stage(globalScope("FROM scratch\n", Map.of()), Map.of());
        stage.declare(arg("EMPTY"), lex);
        assertThat(stage.expansionEnv()).doesNotContainKey("EMPTY");
        assertThat(lex.processWord("${EMPTY:-fallback}", stage.expansionEnv()).word()).isEqualTo("fallback");
    }

    @Test
    void defaultsReferToEarlierArgsAndAutomaticPlatformArgsNeedDeclaration() throws Exception {
        VariableScope stage = VariableScope.stage(globalScope("FROM scratch\n", Map.of()), Map.of());
        assertThat(stage.expansionEnv()).doesNotContainKey("TARGETARCH");
        stage.declare(arg("TARGETARCH A=x B=${A}-y"), lex);
        assertThat(stage.expansionEnv()).containsEntry("TARGETARCH", "amd64").containsEntry("B", "x-y");
    }
}
