package dev.slipway.worker.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.worker.dockerfile.Instruction.Command;
import dev.slipway.worker.dockerfile.Instruction.KeyValue;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DockerfileParserTest {

    private static Dockerfile parse(String text) throws DockerfileException {
        return DockerfileParser.parse("Dockerfile", text);
    }

    private static List<Instruction> body(String text) throws DockerfileException {
        return parse(text).stages().get(0).instructions();
    }

    private static Instruction only(String instruction) throws DockerfileException {
        return body("FROM scratch\n" + instruction + "\n").get(0);
    }

    @Test
    void tutorialDockerfile() throws Exception {
        Dockerfile df = parse("""
                # This is a comment
                FROM ubuntu:14.04
                MAINTAINER Docker Newbee <newbee@docker.com>
                RUN apt-get -qq update
                RUN apt-get -qqy install ruby ruby-dev
                RUN gem install sinatra
                """);
        assertThat(df.stages()).hasSize(1);
        Dockerfile.Stage s = df.stages().get(0);
        assertThat(s.from().image()).isEqualTo("ubuntu:14.04");
        assertThat(s.from().line()).isEqualTo(2);
        assertThat(s.instructions()).hasSize(4);
        assertThat(((Instruction.Maintainer) s.instructions().get(0)).name()).isEqualTo("Docker Newbee <newbee@docker.com>");
        Instruction.Run run = (Instruction.Run) s.instructions().get(3);
        assertThat(run.line()).isEqualTo(6);
        assertThat(run.command()).isEqualTo(Command.shell("gem install sinatra"));
        assertThat(run.network()).isEqualTo(NetworkMode.DEFAULT);
    }

    @Test
    void unknownInstructionNamesLineAndWord() {
        assertThatThrownBy(() -> parse("FROM scratch\n\n\n\n\n\nRUNN echo\n"))
                .isInstanceOf(DockerfileException.class)
                .hasMessage("Dockerfile:7: unknown instruction \"RUNN\"")
                .satisfies(e -> assertThat(((DockerfileException) e).line()).isEqualTo(7));
    }

    @Test
    void instructionsAreCaseInsensitive() throws Exception {
        assertThat(body("from scratch\nrun echo hi\nCoPy a b\n")).hasSize(2);
    }

    @Test
    void continuationsJoinWithoutNewlineAndSkipCommentsAndBlankLines() throws Exception {
        Instruction.Run run = (Instruction.Run) body("""
                FROM scratch
                RUN echo a \\
                # a comment inside
                  b \\

                  c
                RUN next
                """).get(0);
        assertThat(run.command().args()).containsExactly("echo a   b   c");
        assertThat(run.line()).isEqualTo(2);
        assertThat(body("FROM scratch\nRUN echo a\\  \nb\n").get(0))
                .extracting(i -> ((Instruction.Run) i).command().args().get(0)).isEqualTo("echo ab");
    }

    @Test
    void lineNumbersCountContinuationsAndComments() throws Exception {
        List<Instruction> b = body("FROM scratch\nRUN a \\\n b \\\n c\n# x\n\nENV A=1\n");
        assertThat(b.get(1).line()).isEqualTo(7);
    }

    @Test
    void escapeDirectiveChangesContinuationAndKeepsBackslashes() throws Exception {
        Dockerfile df = parse("# escape=`\nFROM scratch\nCOPY testfile.txt c:\\ `\n    d:\\\n");
        assertThat(df.escape()).isEqualTo('`');
        Instruction.Copy copy = (Instruction.Copy) df.stages().get(0).instructions().get(0);
        assertThat(copy.sources()).containsExactly("testfile.txt", "c:\\");
        assertThat(copy.destination()).isEqualTo("d:\\");
    }

    @Test
    void directivesOnlyAtTheTop() throws Exception {
        assertThat(parse("# syntax=docker/dockerfile:1\n# escape=`\nFROM scratch\n").escape()).isEqualTo('`');
        // after a comment: an ordinary comment
        assertThat(parse("# about\n# escape=`\nFROM scratch\n").escape()).isEqualTo('\\');
        // after an unknown directive: an ordinary comment too
        assertThat(parse("# unknowndirective=value\n# escape=`\nFROM scratch\n").escape()).isEqualTo('\\');
        // after a blank line
        assertThat(parse("\n# escape=`\nFROM scratch\n").escape()).isEqualTo('\\');
        assertThat(parse("#ESCAPE = `\nFROM scratch\n").escape()).isEqualTo('`');
    }

    @Test
    void duplicateOrInvalidDirectivesFail() {
        assertThatThrownBy(() -> parse("# escape=`\n# escape=\\\nFROM scratch\n"))
                .hasMessage("Dockerfile:2: only one escape parser directive can be used");
        assertThatThrownBy(() -> parse("# escape=x\nFROM scratch\n"))
                .hasMessageContaining("Dockerfile:1: invalid escape token 'x'");
    }

    @Test
    void execAndShellForms() throws Exception {
        List<Instruction> b = body("""
                FROM scratch
                CMD ["/bin/echo", "hi there"]
                CMD echo "hi there"
                ENTRYPOINT ["top", "-b"]
                RUN ["sh", "-c", "echo $HOME"]
                RUN [not json
                CMD ["a", 1]
                CMD []
                """);
        assertThat(((Instruction.Cmd) b.get(0)).command()).isEqualTo(Command.exec(List.of("/bin/echo", "hi there")));
        assertThat(((Instruction.Cmd) b.get(1)).command()).isEqualTo(Command.shell("echo \"hi there\""));
        assertThat(((Instruction.Entrypoint) b.get(2)).command().shellForm()).isFalse();
        assertThat(((Instruction.Run) b.get(3)).command().args()).containsExactly("sh", "-c", "echo $HOME");
        assertThat(((Instruction.Run) b.get(4)).command()).isEqualTo(Command.shell("[not json"));
        assertThat(((Instruction.Cmd) b.get(5)).command().shellForm()).isTrue();
        assertThat(((Instruction.Cmd) b.get(6)).command()).isEqualTo(Command.exec(List.of()));
        assertThat(Command.shell("echo hi").argv(List.of("/bin/sh", "-c"))).containsExactly("/bin/sh", "-c", "echo hi");
    }

    @Test
    void shellRequiresJson() throws Exception {
        assertThat(((Instruction.Shell) only("SHELL [\"/bin/bash\", \"-euo\", \"pipefail\", \"-c\"]")).shell())
                .containsExactly("/bin/bash", "-euo", "pipefail", "-c");
        assertThatThrownBy(() -> only("SHELL /bin/bash -c"))
                .hasMessage("Dockerfile:2: SHELL requires the arguments to be in JSON form");
    }

    @Test
    void envBothFormsAndLabels() throws Exception {
        List<Instruction> b = body("""
                FROM scratch
                ENV MY_NAME="John Doe" MY_DOG=Rex\\ The\\ Dog \\
                    MY_CAT=fluffy
                ENV LEGACY value with spaces
                LABEL "com.example.vendor"="ACME Incorporated" version=1.0
                """);
        assertThat(((Instruction.Env) b.get(0)).variables()).containsExactly(
                new KeyValue("MY_NAME", "\"John Doe\""), new KeyValue("MY_DOG", "Rex\\ The\\ Dog"),
                new KeyValue("MY_CAT", "fluffy"));
        assertThat(((Instruction.Env) b.get(1)).variables()).containsExactly(new KeyValue("LEGACY", "value with spaces"));
        assertThat(((Instruction.Label) b.get(2)).labels()).containsExactly(
                new KeyValue("\"com.example.vendor\"", "\"ACME Incorporated\""), new KeyValue("version", "1.0"));
        assertThatThrownBy(() -> only("ENV A=1 B")).hasMessageContaining("can't find = in \"B\"");
        assertThatThrownBy(() -> only("ENV ONLYNAME")).hasMessage("Dockerfile:2: ENV must have two arguments");
    }

    @Test
    void envValuesExpandAgainstThePreviousEnvironment() throws Exception {
        Instruction.Env env = (Instruction.Env) only("ENV abc=bye def=$abc ghi=\"$abc\"");
        Instruction.Env expanded = env.expand(new ShellLex('\\'), java.util.Map.of("abc", "hello"));
        assertThat(expanded.variables()).containsExactly(new KeyValue("abc", "bye"), new KeyValue("def", "hello"),
                new KeyValue("ghi", "hello"));
    }

    @Test
    void fromVariants() throws Exception {
        Dockerfile df = parse("""
                ARG VERSION=latest
                FROM --platform=$BUILDPLATFORM busybox:$VERSION AS Build
                FROM build
                """);
        assertThat(df.globalArgs()).hasSize(1);
        Instruction.From f = df.stages().get(0).from();
        assertThat(f.platform()).isEqualTo("$BUILDPLATFORM");
        assertThat(f.stageName()).isEqualTo("build");
        assertThat(df.stage("BUILD")).isPresent();
        assertThat(df.stage("1").orElseThrow().from().image()).isEqualTo("build");
        assertThat(f.expand(new ShellLex('\\'), java.util.Map.of("VERSION", "1.36")).image()).isEqualTo("busybox:1.36");
        assertThatThrownBy(() -> parse("FROM a AS\n")).hasMessage("Dockerfile:1: FROM requires either one or three arguments");
        assertThatThrownBy(() -> parse("FROM a AS 1x\n")).hasMessageContaining("invalid name for build stage");
        assertThatThrownBy(() -> parse("FROM a AS x\nFROM b AS X\n")).hasMessage("Dockerfile:2: duplicate stage name \"x\"");
    }

    @Test
    void onlyArgBeforeFromAndAtLeastOneStage() {
        assertThatThrownBy(() -> parse("RUN echo\nFROM scratch\n")).hasMessageStartingWith("Dockerfile:1: no build stage");
        assertThatThrownBy(() -> parse("# only a comment\n")).hasMessage("Dockerfile: file with no instructions");
        assertThatThrownBy(() -> parse("ARG A=1\n")).hasMessageContaining("no FROM");
    }

    @Test
    void copyAndAddFlagsAndForms() throws Exception {
        List<Instruction> b = body("""
                FROM scratch
                COPY --from=build --chown=app:app --chmod=0755 /out/bin /usr/local/bin/
                COPY ["a file", "b", "/dest dir/"]
                COPY --link --exclude=*.md --exclude=*.txt . /src
                ADD --checksum=sha256:abc https://example.com/x.tar.gz /x/
                ADD --keep-git-dir=true a.tar /
                """);
        Instruction.Copy c = (Instruction.Copy) b.get(0);
        assertThat(c.from()).isEqualTo("build");
        assertThat(c.options().chown()).isEqualTo("app:app");
        assertThat(c.options().chmod()).isEqualTo("0755");
        assertThat(c.sources()).containsExactly("/out/bin");
        assertThat(c.destination()).isEqualTo("/usr/local/bin/");
        Instruction.Copy json = (Instruction.Copy) b.get(1);
        assertThat(json.sources()).containsExactly("a file", "b");
        assertThat(json.destination()).isEqualTo("/dest dir/");
        Instruction.Copy link = (Instruction.Copy) b.get(2);
        assertThat(link.options().link()).isTrue();
        assertThat(link.options().excludes()).containsExactly("*.md", "*.txt");
        Instruction.Add add = (Instruction.Add) b.get(3);
        assertThat(add.checksum()).isEqualTo("sha256:abc");
        assertThat(((Instruction.Add) b.get(4)).keepGitDir()).isTrue();
        assertThatThrownBy(() -> only("COPY onlyone")).hasMessageContaining("COPY requires at least two arguments");
        assertThatThrownBy(() -> only("COPY --form=x a b")).hasMessage("Dockerfile:2: unknown flag: form");
        assertThatThrownBy(() -> only("ADD --from=x a b")).hasMessage("Dockerfile:2: unknown flag: from");
        assertThatThrownBy(() -> only("COPY --from a b")).hasMessage("Dockerfile:2: missing a value on flag: from");
    }

    @Test
    void runMountsAndNetwork() throws Exception {
        Instruction.Run run = (Instruction.Run) only(
                "RUN --mount=type=cache,target=/root/.cache,sharing=locked --mount=type=secret,id=token "
                + "--mount=type=bind,from=build,source=/out,target=/mnt --network=none make");
        assertThat(run.network()).isEqualTo(NetworkMode.NONE);
        assertThat(run.command()).isEqualTo(Command.shell("make"));
        Mount cache = run.mounts().get(0);
        assertThat(cache.type()).isEqualTo(Mount.Type.CACHE);
        assertThat(cache.id()).isEqualTo("/root/.cache");
        assertThat(cache.sharing()).isEqualTo("locked");
        assertThat(cache.mode()).isEqualTo(0755);
        assertThat(cache.readOnly()).isFalse();
        Mount secret = run.mounts().get(1);
        assertThat(secret.target()).isEqualTo("/run/secrets/token");
        assertThat(secret.id()).isEqualTo("token");
        Mount bind = run.mounts().get(2);
        assertThat(bind.from()).isEqualTo("build");
        assertThat(bind.source()).isEqualTo("/out");
        assertThat(bind.readOnly()).isTrue();
        assertThat(((Instruction.Run) only("RUN --mount=target=/x,rw true")).mounts().get(0).readOnly()).isFalse();
        assertThatThrownBy(() -> only("RUN --network=host true")).hasMessageContaining("host");
        assertThatThrownBy(() -> only("RUN --mount=type=nfs,target=/x true")).hasMessageContaining("unsupported mount type");
        assertThatThrownBy(() -> only("RUN --mount=type=cache true")).hasMessageContaining("requires a target");
        assertThatThrownBy(() -> only("RUN --mount=type=secret true")).hasMessageContaining("requires an id");
    }

    @Test
    void runHeredocs() throws Exception {
        List<Instruction> b = body("""
                FROM scratch
                RUN <<EOF
                echo hello
                echo $HOME
                EOF
                RUN <<-"EOT" bash
                \t\techo chomped
                \tEOT
                RUN cat <<A > /a && cat <<B > /b
                aaa
                A
                bbb
                B
                RUN echo "<<NOTHEREDOC" x <<<here
                ENV AFTER=1
                """);
        Instruction.Run first = (Instruction.Run) b.get(0);
        assertThat(first.heredocs()).containsExactly(new Instruction.Heredoc("EOF", "echo hello\necho $HOME\n", true));
        assertThat(first.command()).isEqualTo(Command.shell("<<EOF"));
        Instruction.Run second = (Instruction.Run) b.get(1);
        assertThat(second.heredocs()).containsExactly(new Instruction.Heredoc("EOT", "echo chomped\n", false));
        assertThat(second.line()).isEqualTo(6);
        Instruction.Run third = (Instruction.Run) b.get(2);
        assertThat(third.heredocs()).extracting(Instruction.Heredoc::name).containsExactly("A", "B");
        assertThat(third.heredocs().get(1).content()).isEqualTo("bbb\n");
        assertThat(((Instruction.Run) b.get(3)).heredocs()).isEmpty();
        assertThat(b.get(4).line()).isEqualTo(15);
        assertThatThrownBy(() -> only("RUN <<EOF\necho never ends")).hasMessage("Dockerfile:2: unterminated heredoc EOF");
    }

    @Test
    void copyHeredocsAreSources() throws Exception {
        Instruction.Copy c = (Instruction.Copy) body("""
                FROM scratch
                COPY <<EOF /etc/greeting
                hello $NAME
                EOF
                """).get(0);
        assertThat(c.sources()).isEmpty();
        assertThat(c.destination()).isEqualTo("/etc/greeting");
        assertThat(c.heredocs()).containsExactly(new Instruction.Heredoc("EOF", "hello $NAME\n", true));
        Instruction.Copy expanded = c.expand(new ShellLex('\\'), java.util.Map.of("NAME", "world"));
        assertThat(expanded.heredocs().get(0).content()).isEqualTo("hello world\n");
        Instruction.Copy quoted = (Instruction.Copy) body("FROM scratch\nCOPY <<'EOF' /x\n$NAME\nEOF\n").get(0);
        assertThat(quoted.expand(new ShellLex('\\'), java.util.Map.of("NAME", "world")).heredocs().get(0).content())
                .isEqualTo("$NAME\n");
    }

    @Test
    void execFormRunHasNoHeredocs() throws Exception {
        List<Instruction> b = body("FROM scratch\nRUN [\"echo\", \"<<EOF\"]\nRUN true\n");
        assertThat(b).hasSize(2);
        assertThat(((Instruction.Run) b.get(0)).heredocs()).isEmpty();
    }

    @Test
    void argOnbuildExposeVolumeUserWorkdirStopsignal() throws Exception {
        List<Instruction> b = body("""
                FROM scratch
                ARG user1=someuser buildno
                ONBUILD ADD . /app/src
                ONBUILD RUN /usr/local/bin/python-build --dir /app/src
                EXPOSE 80/tcp 53/udp 8000-8010
                VOLUME ["/data", "/logs"]
                VOLUME /var/log /var/db
                USER patrick:staff
                WORKDIR /a/b c
                STOPSIGNAL SIGKILL
                """);
        assertThat(((Instruction.Arg) b.get(0)).arguments()).containsExactly(
                new Instruction.ArgDeclaration("user1", "someuser"), new Instruction.ArgDeclaration("buildno", null));
        Instruction.Onbuild ob = (Instruction.Onbuild) b.get(1);
        assertThat(ob.expression()).isEqualTo("ADD . /app/src");
        assertThat(ob.trigger()).isInstanceOf(Instruction.Add.class);
        assertThat(((Instruction.Onbuild) b.get(2)).trigger()).isInstanceOf(Instruction.Run.class);
        assertThat(((Instruction.Expose) b.get(3)).ports()).containsExactly("80/tcp", "53/udp", "8000-8010");
        assertThat(((Instruction.Volume) b.get(4)).paths()).containsExactly("/data", "/logs");
        assertThat(((Instruction.Volume) b.get(5)).paths()).containsExactly("/var/log", "/var/db");
        assertThat(((Instruction.User) b.get(6)).user()).isEqualTo("patrick:staff");
        assertThat(((Instruction.Workdir) b.get(7)).path()).isEqualTo("/a/b c");
        assertThat(((Instruction.StopSignal) b.get(8)).signal()).isEqualTo("SIGKILL");
        assertThatThrownBy(() -> only("ONBUILD ONBUILD RUN x")).hasMessageContaining("isn't allowed");
        assertThatThrownBy(() -> only("ONBUILD FROM x")).hasMessage("Dockerfile:2: FROM isn't allowed as an ONBUILD trigger");
        assertThatThrownBy(() -> only("ONBUILD RUNN x")).hasMessage("Dockerfile:2: unknown instruction \"RUNN\"");
        assertThatThrownBy(() -> only("WORKDIR")).hasMessage("Dockerfile:2: WORKDIR requires exactly one argument");
        assertThatThrownBy(() -> only("VOLUME [\"\"]")).hasMessageContaining("can not be an empty string");
    }

    @Test
    void healthcheck() throws Exception {
        Instruction.Healthcheck h = (Instruction.Healthcheck) only(
                "HEALTHCHECK --interval=5m --timeout=3s --start-period=1m30s --retries=3 CMD curl -f http://localhost/ || exit 1");
        assertThat(h.none()).isFalse();
        assertThat(h.test()).isEqualTo(Command.shell("curl -f http://localhost/ || exit 1"));
        assertThat(h.interval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(h.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(h.startPeriod()).isEqualTo(Duration.ofSeconds(90));
        assertThat(h.retries()).isEqualTo(3);
        assertThat(((Instruction.Healthcheck) only("HEALTHCHECK NONE")).none()).isTrue();
        assertThat(((Instruction.Healthcheck) only("HEALTHCHECK CMD [\"/bin/check\"]")).test().shellForm()).isFalse();
        assertThatThrownBy(() -> only("HEALTHCHECK --interval=5 CMD x")).hasMessageContaining("invalid duration");
        assertThatThrownBy(() -> only("HEALTHCHECK NONE extra")).hasMessageContaining("takes no arguments");
        assertThatThrownBy(() -> only("HEALTHCHECK RUN x")).hasMessageContaining("Unknown type \"RUN\"");
        assertThatThrownBy(() -> only("HEALTHCHECK --retries=-1 CMD x")).hasMessageContaining("negative");
    }

    @Test
    void crlfAndByteOrderMark() throws Exception {
        Dockerfile df = parse("\uFEFFFROM scratch\r\nRUN echo a \\\r\n b\r\n");
        assertThat(((Instruction.Run) df.stages().get(0).instructions().get(0)).command().args())
                .containsExactly("echo a  b");
    }

    @Test
    void multiStageSplitsInstructions() throws Exception {
        Dockerfile df = parse("""
                FROM busybox AS build
                RUN echo built > /out
                FROM scratch
                COPY --from=build /out /out
                CMD ["/out"]
                """);
        assertThat(df.stages()).hasSize(2);
        assertThat(df.stages().get(0).instructions()).hasSize(1);
        assertThat(df.stages().get(1).instructions()).hasSize(2);
        assertThat(df.stages().get(1).index()).isEqualTo(1);
        assertThat(df.stages().get(1).name()).isEmpty();
    }
}
