package dev.slipway.cli.command;

import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.SlipCommand;
import dev.slipway.cli.gateway.GatewayClient;
import dev.slipway.cli.gateway.GatewayException;
import dev.slipway.cli.render.Terminal;
import dev.slipway.common.job.JobCancelled;
import dev.slipway.common.job.JobEvent;
import dev.slipway.common.job.JobFailed;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every verb shares: the gateway client of the resolved target, the terminal, and how a gateway error reads
 * for the thing the verb works on ({@code image "x" not found}, {@code not allowed to push to x}).
 */
public abstract class Verb implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private Terminal terminal;
    private String action;
    private String subject;

    /** @return the terminal of this invocation */
    protected Terminal terminal() {
        if (terminal == null) {
            terminal = Terminal.of(spec.commandLine().getOut(), spec.commandLine().getErr(),
                    System.console() != null, System.getenv("NO_COLOR"));
        }
        return terminal;
    }

    /** @return the top command, which owns {@code -H} and {@code --config} (verbs may be nested: slip robot ls) */
    protected SlipCommand slip() {
        return (SlipCommand) spec.root().userObject();
    }

    /** @return a client of the gateway this invocation targets */
    protected GatewayClient gateway() {
        return slip().gateway();
    }

    /**
     * Names what the verb is doing, for error messages.
     *
     * @param verbPhrase e.g. {@code push to}, {@code pull}, {@code remove}
     * @param thing e.g. {@code training/sinatra}
     */
    protected void about(String verbPhrase, String thing) {
        this.action = verbPhrase;
        this.subject = thing;
    }

    /**
     * @param e what the gateway answered
     * @return the one line to print after {@code Error:}
     */
    public String describe(GatewayException e) {
        String code = e.code();
        if (subject != null && (code.equals("image-not-found") || code.isEmpty() && e.status() == 404)) {
            return "image \"" + subject + "\" not found";
        }
        if (subject != null && e.status() == 403) {
            return "not allowed to " + action + " " + subject;
        }
        if (e.status() == 401) {
            return "unauthorized: " + e.problem().message()
                    + " (run 'slip login' or set SLIPWAY_TOKEN)";
        }
        return e.problem().message();
    }

    /** @return the exit code when the verb fails: 1, or 125 for {@code run} as docker does */
    public int failureExitCode() {
        return ExitCodes.ERROR;
    }

    /**
     * @param terminal a job's last event that is not a success
     * @return the sentence that explains it
     */
    static String failure(JobEvent terminal) {
        if (terminal instanceof JobFailed failed) {
            return failed.message();
        }
        if (terminal instanceof JobCancelled cancelled) {
            return "job " + cancelled.jobId() + " was cancelled"
                    + (cancelled.reason() == null ? "" : ": " + cancelled.reason());
        }
        return "job " + terminal.jobId() + " ended with " + terminal.type();
    }
}
