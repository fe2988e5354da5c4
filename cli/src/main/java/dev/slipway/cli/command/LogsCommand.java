package dev.slipway.cli.command;

import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.gateway.GatewayClient;
import dev.slipway.cli.gateway.GatewayException;
import dev.slipway.cli.gateway.JobView;
import dev.slipway.cli.render.BuildRenderer;
import dev.slipway.cli.render.Terminal;
import dev.slipway.cli.render.TransferRenderer;
import dev.slipway.common.job.JobEvent;
import dev.slipway.common.job.JobId;
import dev.slipway.common.job.LogChunk;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code slip logs [-f] JOB}: a job's output so far; with {@code -f} its whole event stream from the start, rendered
 * as the verb that submitted it would, until the job ends.
 */
@Command(name = "logs", description = "Fetch the output of a job")
public class LogsCommand extends Verb {

    @Option(names = {"-f", "--follow"}, description = "Follow the job's output until it ends")
    boolean follow;

    @Parameters(index = "0", paramLabel = "JOB")
    String job;

    @Override
    public Integer call() {
        JobId id = Jobs.parse(spec, job);
        Terminal terminal = terminal();
        GatewayClient gateway = gateway();
        if (!follow) {
            terminal.out().print(gateway.logs(id));
            terminal.out().flush();
            return ExitCodes.OK;
        }
        JobView view = gateway.job(id);
        gateway.follow(id, renderer(view, terminal));
        return ExitCodes.OK;
    }

    private static Consumer<JobEvent> renderer(JobView job, Terminal terminal) {
        return switch (job.kind()) {
            case BUILD -> new BuildRenderer(terminal);
            case PULL, PUSH -> new TransferRenderer(terminal);
            case RUN, COMMIT -> event -> {
                if (event instanceof LogChunk log) {
                    var stream = log.stream() == LogChunk.Stream.STDERR ? terminal.err() : terminal.out();
                    stream.print(log.text());
                    stream.flush();
                }
            };
        };
    }

    @Override
    public String describe(GatewayException e) {
        if (e.code().equals("job-not-found") || e.code().isEmpty() && e.status() == 404) {
            return "no such job: " + job;
        }
        return super.describe(e);
    }
}
