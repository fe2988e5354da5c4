package dev.slipway.cli;

import dev.slipway.cli.command.Verb;
import dev.slipway.cli.gateway.GatewayException;
import dev.slipway.cli.gateway.GatewayProtocolException;
import dev.slipway.cli.gateway.GatewayUnreachableException;
import dev.slipway.cli.render.Terminal;
import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * Configures picocli the docker way: a failing verb prints one line, {@code Error: …}, never a stack trace, and
 * exits 1 (or the verb's own code); bad usage prints the problem and where to find help and exits 125.
 */
@ApplicationScoped
class CommandLineSetup {

    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        CommandLine commandLine = factory.create();
        commandLine.setExecutionExceptionHandler(CommandLineSetup::onFailure);
        commandLine.setParameterExceptionHandler(CommandLineSetup::onBadUsage);
        // everything after the image is the container's command, flags included: slip run busybox ls -la
        commandLine.getSubcommands().get("run").setStopAtPositional(true);
        return commandLine;
    }

    private static int onFailure(Exception failure, CommandLine commandLine, CommandLine.ParseResult parsed) {
        Verb verb = commandLine.getCommand() instanceof Verb v ? v : null;
        int failureCode = verb == null ? ExitCodes.ERROR : verb.failureExitCode();
        String message;
        int code = failureCode;
        if (failure instanceof CliException e) {
            message = e.getMessage();
            code = e.exitCode();
        } else if (failure instanceof GatewayException e) {
            message = verb == null ? e.problem().message() : verb.describe(e);
        } else if (failure instanceof GatewayUnreachableException || failure instanceof GatewayProtocolException
                || failure instanceof IllegalArgumentException) {
            message = failure.getMessage();
        } else if (failure instanceof UncheckedIOException || failure instanceof IOException) {
            Throwable io = failure instanceof UncheckedIOException u ? u.getCause() : failure;
            message = failure.getMessage() != null ? failure.getMessage() : io.toString();
        } else {
            // a bug in slip: still one line, with what the exception says
            message = failure.getMessage() == null ? failure.toString() : failure.getClass().getSimpleName() + ": "
                    + failure.getMessage();
        }
        terminal(commandLine).error(message);
        return code;
    }

    private static int onBadUsage(CommandLine.ParameterException problem, String[] args) {
        CommandLine commandLine = problem.getCommandLine();
        String name = commandLine.getCommandSpec().qualifiedName();
        String message = problem.getMessage();
        if (problem instanceof CommandLine.UnmatchedArgumentException && commandLine.getParent() == null
                && args.length > 0 && !args[0].startsWith("-")) {
            message = "'" + args[0] + "' is not a slip command.";
        }
        Terminal terminal = terminal(commandLine);
        terminal.error(message);
        terminal.err().println("See '" + name + " --help'.");
        terminal.err().flush();
        return ExitCodes.USAGE;
    }

    private static Terminal terminal(CommandLine commandLine) {
        return Terminal.of(commandLine.getOut(), commandLine.getErr(), System.console() != null,
                System.getenv("NO_COLOR"));
    }
}
