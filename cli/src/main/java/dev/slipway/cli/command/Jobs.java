package dev.slipway.cli.command;

import dev.slipway.common.job.JobId;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Job ids as typed on the command line. */
final class Jobs {

    private Jobs() {
    }

    /**
     * @param spec the command, for the usage error
     * @param typed what the user typed
     * @return the job id
     * @throws CommandLine.ParameterException (exit 125) if it is not a job id
     */
    static JobId parse(CommandSpec spec, String typed) {
        try {
            return JobId.parse(typed);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "invalid job id \"" + typed + "\": job ids are UUIDs, as 'slip jobs' lists them");
        }
    }
}
