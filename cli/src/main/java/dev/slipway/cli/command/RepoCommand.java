package dev.slipway.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code slip repo visibility}: settings of a repository in the farm's registry. */
@Command(name = "repo", description = "Manage repositories of the farm's registry",
        subcommands = RepoVisibilityCommand.class)
public class RepoCommand implements Runnable {

    @Spec
    CommandSpec spec;

    /** Without a subcommand: the usage. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
