package dev.slipway.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code slip robot create|ls|rm}: robot accounts, the credentials that CI jobs and tools ({@code skopeo login},
 * {@code podman login}) use to reach some repositories of the farm's registry with some actions, until they expire.
 */
@Command(name = "robot", description = "Manage robot accounts (registry credentials for CI and tools)",
        subcommands = {RobotCreateCommand.class, RobotLsCommand.class, RobotRmCommand.class})
public class RobotCommand implements Runnable {

    @Spec
    CommandSpec spec;

    /** Without a subcommand: the usage, as {@code docker network} prints it. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
