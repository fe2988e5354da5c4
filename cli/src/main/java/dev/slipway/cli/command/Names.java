package dev.slipway.cli.command;

import dev.slipway.common.oci.ImageReference;
import dev.slipway.common.oci.InvalidReferenceException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Image names as typed on the command line, validated with the Docker reference grammar before any request. */
final class Names {

    private Names() {
    }

    /**
     * @param spec the command, for the usage error
     * @param what the argument's name, e.g. {@code IMAGE}
     * @param typed what the user typed
     * @return the parsed reference
     * @throws CommandLine.ParameterException (exit 125) if it is not a reference
     */
    static ImageReference parse(CommandSpec spec, String what, String typed) {
        try {
            return ImageReference.parse(typed);
        } catch (InvalidReferenceException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "invalid argument \"" + typed + "\" for " + what + ": " + e.getMessage());
        }
    }

    /**
     * @param repository a repository as the gateway lists it, e.g. {@code library/ubuntu}
     * @return how docker shows it, e.g. {@code ubuntu}
     */
    static String familiar(String repository) {
        try {
            return ImageReference.parse(repository).familiarName();
        } catch (InvalidReferenceException e) {
            return repository;
        }
    }

    /**
     * @param typed what the user typed
     * @return whether it names a tag or digest explicitly ({@code ubuntu} does not, {@code ubuntu:14.04} does)
     */
    static boolean hasTagOrDigest(String typed) {
        return typed.contains("@") || typed.lastIndexOf(':') > typed.lastIndexOf('/');
    }
}
