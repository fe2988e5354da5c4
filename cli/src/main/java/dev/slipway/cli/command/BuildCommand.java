package dev.slipway.cli.command;

import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.context.ContextArchive;
import dev.slipway.cli.context.StdinContext;
import dev.slipway.cli.format.Units;
import dev.slipway.cli.gateway.BuildRequest;
import dev.slipway.cli.gateway.GatewayClient;
import dev.slipway.cli.gateway.JobView;
import dev.slipway.cli.render.BuildRenderer;
import dev.slipway.cli.render.Terminal;
import dev.slipway.common.job.JobEvent;
import dev.slipway.common.job.JobFailed;
import dev.slipway.common.job.JobSucceeded;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code slip build -t NAME[:TAG] [-f Dockerfile] [--build-arg K=V] [--target STAGE] [--no-cache] [--pull] PATH|-}:
 * tars the context (honouring {@code .dockerignore}), uploads it, and prints the build as docker's classic builder
 * does. As in docker, {@code PATH} {@code -} reads the context from stdin (a tar archive, or a bare Dockerfile with
 * an empty context) and {@code -f -} reads the Dockerfile from stdin. A failed step exits with the step's exit code
 * (1 if it has none).
 */
@Command(name = "build", description = "Build an image from a Dockerfile")
public class BuildCommand extends Verb {

    private static final String SENDING = "Sending build context to Slipway gateway  ";
    private static final String STDIN = "-";

    @Option(names = {"-t", "--tag"}, paramLabel = "NAME[:TAG]", description = "Name and optionally a tag")
    List<String> tags = new ArrayList<>();

    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
            description = "Name of the Dockerfile (default: PATH/Dockerfile; - for stdin)")
    String file;

    @Option(names = "--build-arg", paramLabel = "K=V", description = "Set build-time variables")
    List<String> buildArgs = new ArrayList<>();

    @Option(names = "--target", paramLabel = "STAGE", description = "Set the target build stage to build")
    String target;

    @Option(names = "--no-cache", description = "Do not use cache when building the image")
    boolean noCache;

    @Option(names = "--pull", description = "Always attempt to pull a newer version of the base images")
    boolean pull;

    @Option(names = {"-q", "--quiet"}, description = "Suppress the build output and print image ID on success")
    boolean quiet;

    @Parameters(index = "0", paramLabel = "PATH|-", description = "The build context folder, or - for stdin")
    String context;

    @Override
    public Integer call() throws IOException {
        tags.forEach(tag -> Names.parse(spec, "\"-t, --tag\" flag", tag));
        Map<String, String> args = buildArgs();
        Terminal terminal = terminal();
        Path tar = Files.createTempFile("slip-context", ".tar");
        try {
            String dockerfile = writeContext(tar);
            long size = Files.size(tar);
            GatewayClient gateway = gateway();
            BuildRequest request = new BuildRequest(tags, dockerfile, args, target, noCache, pull);
            JobView job = gateway.build(request, tar, quiet ? sent -> { } : uploadProgress(terminal, size));
            if (!quiet && !terminal.tty()) {
                terminal.out().println(SENDING + Units.humanSize(size));
            } else if (!quiet) {
                terminal.out().println();
            }
            terminal.out().flush();
            JobEvent end = gateway.follow(job.id(), quiet ? e -> { } : new BuildRenderer(terminal));
            return outcome(end, terminal);
        } finally {
            Files.deleteIfExists(tar);
        }
    }

    /** @return the Dockerfile's path in the context tar */
    private String writeContext(Path tar) throws IOException {
        if (STDIN.equals(context)) {
            if (STDIN.equals(file)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "invalid argument: can't use stdin for both build context and dockerfile");
            }
            return StdinContext.write(System.in, file, tar);
        }
        Path dockerfileFromStdin = null;
        try (OutputStream out = Files.newOutputStream(tar)) {
            Path dockerfile = null;
            if (STDIN.equals(file)) {
                // docker build -f- PATH: the Dockerfile comes from stdin, the context from PATH
                dockerfileFromStdin = Files.createTempFile("slip-dockerfile", "");
                Files.copy(System.in, dockerfileFromStdin, StandardCopyOption.REPLACE_EXISTING);
                dockerfile = dockerfileFromStdin;
            } else if (file != null) {
                dockerfile = Path.of(file);
            }
            return new ContextArchive(Path.of(context), dockerfile).write(out);
        } finally {
            if (dockerfileFromStdin != null) {
                Files.deleteIfExists(dockerfileFromStdin);
            }
        }
    }

    private int outcome(JobEvent end, Terminal terminal) {
        if (end instanceof JobSucceeded done) {
            if (quiet) {
                String id = done.result().get(BuildRenderer.IMAGE_ID);
                terminal.out().println(id != null ? id : String.valueOf(done.imageDigest()));
                terminal.out().flush();
            }
            return ExitCodes.OK;
        }
        if (end instanceof JobFailed failed) {
            String where = failed.step() == null ? "" : "step " + failed.step()
                    + (failed.line() == null ? "" : " (Dockerfile line " + failed.line() + ")") + ": ";
            terminal.error(where + failed.message());
            return failed.exitCode() != null && failed.exitCode() > 0 ? failed.exitCode() : ExitCodes.ERROR;
        }
        throw new CliException(failure(end));
    }

    /** On a terminal the size counts up in place while uploading; piped, one line is printed afterwards. */
    private static LongConsumer uploadProgress(Terminal terminal, long total) {
        if (!terminal.tty()) {
            return sent -> { };
        }
        return sent -> {
            terminal.out().print("\r" + SENDING + Units.humanSize(sent) + "/" + Units.humanSize(total) + "   ");
            terminal.out().flush();
        };
    }

    /** {@code --build-arg K=V}, or {@code --build-arg K} to pass this shell's value, as docker does. */
    private Map<String, String> buildArgs() {
        Map<String, String> args = new LinkedHashMap<>();
        for (String arg : buildArgs) {
            int eq = arg.indexOf('=');
            String key = eq < 0 ? arg : arg.substring(0, eq);
            if (key.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "invalid argument \"" + arg + "\" for \"--build-arg\" flag: name is empty");
            }
            if (eq >= 0) {
                args.put(key, arg.substring(eq + 1));
            } else if (System.getenv(key) != null) {
                args.put(key, System.getenv(key));
            }
        }
        return args;
    }

    @Override
    public String describe(dev.slipway.cli.gateway.GatewayException e) {
        if (e.status() == 403 && !tags.isEmpty()) {
            return "not allowed to build into " + String.join(", ", tags) + ": " + e.problem().message();
        }
        return super.describe(e);
    }
}
