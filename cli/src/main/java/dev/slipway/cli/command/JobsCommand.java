package dev.slipway.cli.command;

import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.format.Table;
import dev.slipway.cli.format.Units;
import dev.slipway.cli.gateway.JobView;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slip jobs}: the caller's jobs, newest first, as a table. */
@Command(name = "jobs", description = "List your jobs")
public class JobsCommand extends Verb {

    @Option(names = {"-q", "--quiet"}, description = "Only show job IDs")
    boolean quiet;

    @Option(names = "--state", paramLabel = "STATE", description = "queued, running, succeeded, failed or cancelled")
    String state;

    @Option(names = "--kind", paramLabel = "KIND", description = "build, pull, push, run or commit")
    String kind;

    @Override
    public Integer call() {
        PrintWriter out = terminal().out();
        Table table = new Table("JOB ID", "KIND", "STATE", "OWNER", "CREATED", "DURATION");
        Instant now = Instant.now();
        for (JobView job : gateway().jobs(upper(state), upper(kind))) {
            if (quiet) {
                out.println(job.id());
                continue;
            }
            table.row(job.id().toString(), lower(job.kind()), lower(job.state()),
                    job.owner() == null ? "" : job.owner(),
                    job.createdAt() == null ? "N/A" : Units.ago(Duration.between(job.createdAt(), now)),
                    duration(job, now));
        }
        if (!quiet) {
            table.print(out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String duration(JobView job, Instant now) {
        if (job.startedAt() == null) {
            return "-";
        }
        Instant end = job.finishedAt() == null ? now : job.finishedAt();
        return Units.humanDuration(Duration.between(job.startedAt(), end));
    }

    private static String lower(Enum<?> value) {
        return value == null ? "" : value.name().toLowerCase(Locale.ROOT);
    }

    private static String upper(String value) {
        return value == null ? null : value.toUpperCase(Locale.ROOT);
    }
}
