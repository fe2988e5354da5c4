package dev.slipway.cli.command;

import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.gateway.GatewayClient;
import dev.slipway.cli.gateway.GatewayException;
import dev.slipway.common.job.JobId;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code slip cancel JOB…}: stops jobs; prints each id cancelled, as {@code docker stop} prints names. */
@Command(name = "cancel", description = "Cancel one or more jobs")
public class CancelCommand extends Verb {

    @Parameters(arity = "1..*", paramLabel = "JOB")
    List<String> jobs;

    @Override
    public Integer call() {
        List<JobId> ids = jobs.stream().map(job -> Jobs.parse(spec, job)).toList();
        GatewayClient gateway = gateway();
        int exit = ExitCodes.OK;
        for (JobId id : ids) {
            try {
                gateway.cancel(id);
                terminal().out().println(id);
                terminal().out().flush();
            } catch (GatewayException e) {
                terminal().error(e.code().equals("job-not-found") || e.code().isEmpty() && e.status() == 404
                        ? "no such job: " + id : describe(e));
                exit = ExitCodes.ERROR;
            }
        }
        return exit;
    }
}
