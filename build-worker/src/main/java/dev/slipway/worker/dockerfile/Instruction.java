package dev.slipway.worker.dockerfile;

import dev.slipway.worker.dockerfile.ShellLex.ExpansionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One Dockerfile instruction as written, with the line it starts on. Values are kept unexpanded: variables
 * are substituted at build time, when the base image's environment and the build arguments are known, by
 * {@link #expand}. Records are immutable.
 *
 * @see <a href="https://docs.docker.com/reference/dockerfile/">Dockerfile reference</a>
 */
public sealed interface Instruction {

    /** The 1-based line of the Dockerfile the instruction starts on. */
    int line();

    /** The instruction as written, continuation lines joined (keyword in upper case); used in messages. */
    String source();

    /** The instruction keyword in upper case, e.g. {@code COPY}. */
    default String keyword() {
        int space = source().indexOf(' ');
        return space < 0 ? source() : source().substring(0, space);
    }

    /**
     * Substitutes variables in the fields Docker expands for this instruction; instructions whose values the
     * shell expands at run time (RUN, CMD, ENTRYPOINT, SHELL, HEALTHCHECK) are returned unchanged.
     *
     * @param lex the lexer with the Dockerfile's escape character
     * @param env the variables in scope (build arguments overlaid by environment variables)
     * @throws ExpansionException when a value cannot be expanded
     */
    default Instruction expand(ShellLex lex, Map<String, String> env) throws ExpansionException {
        return this;
    }

    /** A command in exec form (JSON array) or shell form (one string given to the shell). */
    record Command(List<String> args, boolean shellForm) {
        public Command {
            args = List.copyOf(args);
            if (shellForm && args.size() != 1) {
                throw new IllegalArgumentException("a shell-form command is exactly one string");
            }
        }

        /** A shell-form command. */
        public static Command shell(String line) {
            return new Command(List.of(line), true);
        }

        /** An exec-form command. */
        public static Command exec(List<String> args) {
            return new Command(args, false);
        }

        /** The argv to execute, prefixing shell-form commands with {@code shell}. */
        public List<String> argv(List<String> shell) {
            if (!shellForm) {
                return args;
            }
            List<String> argv = new ArrayList<>(shell);
            argv.add(args.get(0));
            return List.copyOf(argv);
        }
    }

    /** A {@code key=value} pair of ENV or LABEL. */
    record KeyValue(String key, String value) {
        public KeyValue {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * An inline document ({@code <<EOF ... EOF}).
     *
     * @param name the delimiter word, used as the file name by COPY/ADD
     * @param content the body, each line ending with a newline; leading tabs already removed for {@code <<-}
     * @param expand whether variables in the body are expanded (the delimiter was not quoted)
     */
    record Heredoc(String name, String content, boolean expand) {
        public Heredoc {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(content, "content");
        }
    }

    /** One {@code ARG name[=default]} declaration; {@code defaultValue} is null when none is given. */
    record ArgDeclaration(String name, String defaultValue) {
        public ArgDeclaration {
            Objects.requireNonNull(name, "name");
        }
    }

    /** {@code FROM [--platform=p] image [AS name]}; {@code stageName} is lower-cased, null when absent. */
    record From(int line, String source, String image, String platform, String stageName) implements Instruction {
        @Override
        public From expand(ShellLex lex, Map<String, String> env) throws ExpansionException {
            return new From(line, source, lex.processWord(image, env).word(),
                    platform == null ? null : lex.processWord(platform, env).word(), stageName);
        }
    }

    /** {@code RUN [--mount=...] [--network=...] command}, with the heredocs the command line refers to. */
    record Run(int line, String source, Command command, List<Mount> mounts, NetworkMode network,
               List<Heredoc> heredocs) implements Instruction {
        public Run {
            mounts = List.copyOf(mounts);
            heredocs = List.copyOf(heredocs);
            Objects.requireNonNull(network, "network");
        }

        /** True when the command is nothing but one heredoc marker ({@code RUN <<EOF}): its body is the script. */
        public boolean scriptIsHeredoc() {
            return heredocs.size() == 1 && command.shellForm()
                    && LineReader.HeredocMarker.parse(command.args().get(0).strip()) != null;
        }

        /** Mount option values may refer to build arguments (e.g. {@code id=$CACHE_ID}). */
        @Override
        public Run expand(ShellLex lex, Map<String, String> env) throws ExpansionException {
            List<Mount> expanded = new ArrayList<>();
            for (Mount m : mounts) {
                expanded.add(m.expand(lex, env));
            }
            return new Run(line, source, command, expanded, network, heredocs);
        }
    }

    /** {@code CMD}. */
    record Cmd(int line, String source, Command command) implements Instruction {
    }

    /** {@code ENTRYPOINT}. */
    record Entrypoint(int line, String source, Command command) implements Instruction {
    }

    /** {@code SHELL ["executable", "parameters"]} (JSON form only). */
    record Shell(int line, String source, List<String> shell) implements Instruction {
        public Shell {
            shell = List.copyOf(shell);
        }
    }

    /** {@code LABEL k=v ...}. */
    record Label(int line, String source, List<KeyValue> labels) implements Instruction {
        public Label {
            labels = List.copyOf(labels);
        }

        @Override
        public Label expand(ShellLex lex, Map<String, String> env) throws ExpansionException {
            return new Label(line, source, expandAll(lex, env, labels));
        }
    }

    /** {@code MAINTAINER name} (deprecated; sets the image author). */
    record Maintainer(int line, String source, String name) implements Instruction {
    }

    /** {@code EXPOSE port[/proto] ...}; {@code ports} are the unexpanded words. */
    record Expose(int line, String source, List<String> ports) implements Instruction {
        public Expose {
            ports = List.copyOf(ports);
        }

        @Override
        public Expose expand(ShellLex lex, Map<String, String> env) throws ExpansionException {
            List<String> out = new ArrayList<>();
            for (String p : ports) {
                out.addAll(lex.processWords(p, env).words());
            }
            return new Expose(line, source, out);
        }
    }

    /** {@code ENV k=v ...} or the legacy {@code ENV k v}. */
    record Env(int line, String source, List<KeyValue> variables) implements Instruction {
        public Env {
            variables = List.copyOf(variables);
        }

        /** Every value is expanded against the environment before this instruction, as Docker does. */
        @Override
        public Env expand(ShellLex lex, Map<String, String> env) throws ExpansionException {
            return new Env(line, source, expandAll(lex, env, variables));
        }
    }

    /** Options shared by COPY and ADD. */
    record FileOptions(String chown, String chmod, boolean link, List<String> excludes) {
        public FileOptions {
            excludes = List.copyOf(excludes);
        }

        FileOptions expand(ShellLex lex, Map<String, String> env) throws ExpansionException {
            List<String> ex = new ArrayList<>();
            for (String e : excludes) {
                ex.add(lex.processWord(e, env).word());
            }
            return new FileOptions(chown == null ? null : lex.processWord(chown, env).word(),
                    chmod == null ? null : lex.processWord(chmod, env).word(), link, ex);
        }
    }

    /** {@code COPY [--from=] [--chown=] [--chmod=] src... dest}; heredoc sources are in {@code heredocs}. */
    record Copy(int line, String source, List<String> sources, String destination, String from, FileOptions options,
                List<Heredoc> heredocs) implements Instruction {
        public Copy {
            sources = List.copyOf(sources);
            heredocs = List.copyOf(heredocs);
        }

        @Override
        public Copy expand(ShellLex lex, Map<String, String> env) throws ExpansionException {
            return new Copy(line, source, expandWords(lex, env, sources), lex.processWord(destination, env).word(),
                    from == null ? null : lex.processWord(from, env).word(), options.expand(lex, env),
                    expandHeredocs(lex, env, heredocs));
        }
    }

    /** {@code ADD [--chown=] [--chmod=] [--checksum=] src... dest}. */
    record Add(int line, String source, List<String> sources, String destination, String checksum,
               boolean keepGitDir, FileOptions options, List<Heredoc> heredocs) implements Instruction {
        public Add {
            sources = List.copyOf(sources);
            heredocs = List.copyOf(heredocs);
        }

        @Override
        public Add expand(ShellLex lex, Map<String, String> env) throws ExpansionException {
            return new Add(line, source, expandWords(lex, env, sources), lex.processWord(destination, env).word(),
                    checksum == null ? null : lex.processWord(checksum, env).word(), keepGitDir,
                    options.expand(lex, env), expandHeredocs(lex, env, heredocs));
        }
    }

    /** {@code VOLUME}. */
    record Volume(int line, String source, List<String> paths) implements Instruction {
        public Volume {
            paths = List.copyOf(paths);
        }

        @Override
        public Volume expand(ShellLex lex, Map<String, String> env) throws ExpansionException {
            return new Volume(line, source, expandWords(lex, env, paths));
        }
    }

    /** {@code USER user[:group]}. */
    record User(int line, String source, String user) implements Instruction {
        @Override
        public User expand(ShellLex lex, Map<String, String> env) throws ExpansionException {
            return new User(line, source, lex.processWord(user, env).word());
        }
    }

    /** {@code WORKDIR path}. */
    record Workdir(int line, String source, String path) implements Instruction {
        @Override
        public Workdir expand(ShellLex lex, Map<String, String> env) throws ExpansionException {
            return new Workdir(line, source, lex.processWord(path, env).word());
        }
    }

    /** {@code ARG name[=default] ...}. */
    record Arg(int line, String source, List<ArgDeclaration> arguments) implements Instruction {
        public Arg {
            arguments = List.copyOf(arguments);
        }
    }

    /** {@code ONBUILD instruction}: the trigger is stored in the image and run by builds that use it as base. */
    record Onbuild(int line, String source, String expression, Instruction trigger) implements Instruction {
    }

    /** {@code STOPSIGNAL signal}. */
    record StopSignal(int line, String source, String signal) implements Instruction {
        @Override
        public StopSignal expand(ShellLex lex, Map<String, String> env) throws ExpansionException {
            return new StopSignal(line, source, lex.processWord(signal, env).word());
        }
    }

    /**
     * {@code HEALTHCHECK [options] CMD command} or {@code HEALTHCHECK NONE} ({@code test} is null for NONE).
     * Durations and retries are null when not given (the runtime's defaults apply).
     */
    record Healthcheck(int line, String source, Command test, Duration interval, Duration timeout,
                       Duration startPeriod, Duration startInterval, Integer retries) implements Instruction {
        /** True for {@code HEALTHCHECK NONE}, which disables a check inherited from the base image. */
        public boolean none() {
            return test == null;
        }
    }

    private static List<KeyValue> expandAll(ShellLex lex, Map<String, String> env, List<KeyValue> pairs)
            throws ExpansionException {
        List<KeyValue> out = new ArrayList<>();
        for (KeyValue kv : pairs) {
            out.add(new KeyValue(lex.processWord(kv.key(), env).word(), lex.processWord(kv.value(), env).word()));
        }
        return out;
    }

    private static List<String> expandWords(ShellLex lex, Map<String, String> env, List<String> words)
            throws ExpansionException {
        List<String> out = new ArrayList<>();
        for (String w : words) {
            out.add(lex.processWord(w, env).word());
        }
        return out;
    }

    private static List<Heredoc> expandHeredocs(ShellLex lex, Map<String, String> env, List<Heredoc> docs)
            throws ExpansionException {
        List<Heredoc> out = new ArrayList<>();
        for (Heredoc h : docs) {
            out.add(h.expand() ? new Heredoc(h.name(), lex.expandRaw(h.content(), env).word(), false) : h);
        }
        return out;
    }
}
