package dev.slipway.cli.command;

import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.gateway.GatewayClient;
import dev.slipway.cli.gateway.JobView;
import dev.slipway.cli.render.Terminal;
import dev.slipway.common.job.JobEvent;
import dev.slipway.common.job.JobFailed;
import dev.slipway.common.job.JobSucceeded;
import dev.slipway.common.job.LogChunk;
import dev.slipway.common.job.Warning;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code slip run [-e K=V] [-w DIR] [-u USER] IMAGE [CMD…]}: runs a command in a new container on a worker, streams
 * its output, prints the container's id (for {@code slip commit}) on standard error and exits with the command's
 * exit code. Failures of the farm itself exit 125, as docker's do.
 */
@Command(name = "run", description = "Create and run a new container from an image")
public class RunCommand extends Verb {

    /** The {@link JobSucceeded#result()} keys of a run. */
    static final String CONTAINER_ID = "containerId";
    static final String EXIT_CODE = "exitCode";

    @Option(names = {"-e", "--env"}, paramLabel = "K=V", description = "Set environment variables")
    List<String> env = new ArrayList<>();

    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Working directory inside the container")
    String workdir;

    @Option(names = {"-u", "--user"}, paramLabel = "USER", description = "Username or UID (format: <name|uid>[:<group|gid>])")
    String user;

    @Option(names = "--cidfile", paramLabel = "FILE", description = "Write the container ID to the file")
    Path cidFile;

    @Option(names = {"-i", "--interactive"}, description = "Accepted for docker habits; runs are not interactive")
    boolean interactive;

    @Option(names = {"-t", "--tty"}, description = "Accepted for docker habits; runs have no terminal")
    boolean tty;

    @Parameters(index = "0", paramLabel = "IMAGE")
    String image;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "Command and arguments (default: the image's)")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() {
        Names.parse(spec, "IMAGE", image);
        about("run", image);
        Map<String, String> variables = environment();
        if (cidFile != null && Files.exists(cidFile)) {
            throw new CliException("container ID file found, make sure the other container isn't running or delete "
                    + cidFile, ExitCodes.USAGE);
        }
        Terminal terminal = terminal();
        if (interactive || tty) {
            terminal.err().println("WARNING: slip run is not interactive: -i and -t are ignored; give the command "
                    + "to run as arguments");
            terminal.err().flush();
        }
        GatewayClient gateway = gateway();
        JobView job = gateway.run(image, command, variables, workdir, user);
        JobEvent end = gateway.follow(job.id(), event -> output(terminal, event));
        if (end instanceof JobFailed failed && failed.exitCode() != null && failed.exitCode() > 0) {
            return failed.exitCode();
        }
        if (!(end instanceof JobSucceeded done)) {
            throw new CliException(failure(end), ExitCodes.USAGE);
        }
        String container = done.result().get(CONTAINER_ID);
        if (container != null) {
            terminal.err().println(container);
            terminal.err().flush();
            writeCidFile(container);
        }
        return exitCode(done);
    }

    @Override
    public int failureExitCode() {
        return ExitCodes.USAGE;
    }

    private static void output(Terminal terminal, JobEvent event) {
        if (event instanceof LogChunk log) {
            var stream = log.stream() == LogChunk.Stream.STDERR ? terminal.err() : terminal.out();
            stream.print(log.text());
            stream.flush();
        } else if (event instanceof Warning warning) {
            terminal.err().println("WARNING: " + warning.message());
            terminal.err().flush();
        }
    }

    private static int exitCode(JobSucceeded done) {
        String code = done.result().get(EXIT_CODE);
        if (code == null) {
            return ExitCodes.OK;
        }
        try {
            return Integer.parseInt(code.trim());
        } catch (NumberFormatException e) {
            throw new CliException("the farm reported a malformed exit code \"" + code + "\"", ExitCodes.USAGE);
        }
    }

    /** {@code -e K=V}, or {@code -e K} to pass this shell's value, as docker does. */
    private Map<String, String> environment() {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String entry : env) {
            int eq = entry.indexOf('=');
            String key = eq < 0 ? entry : entry.substring(0, eq);
            if (key.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "invalid argument \"" + entry + "\" for \"-e, --env\" flag: variable name is empty");
            }
            if (eq >= 0) {
                variables.put(key, entry.substring(eq + 1));
            } else if (System.getenv(key) != null) {
                variables.put(key, System.getenv(key));
            }
        }
        return variables;
    }

    private void writeCidFile(String container) {
        if (cidFile == null) {
            return;
        }
        try {
            Files.writeString(cidFile, container, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to write the container ID to " + cidFile + ": " + e.getMessage(), e);
        }
    }
}
