package dev.slipway.cli.command;

import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.gateway.GatewayClient;
import dev.slipway.cli.gateway.JobView;
import dev.slipway.common.job.JobEvent;
import dev.slipway.common.job.JobSucceeded;
import dev.slipway.common.oci.ImageReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slip commit [-m MSG] [-a AUTHOR] CONTAINER REPOSITORY[:TAG]}: prints the new image's id. */
@Command(name = "commit", description = "Create a new image from a container's changes")
public class CommitCommand extends Verb {

    @Option(names = {"-m", "--message"}, paramLabel = "MSG", description = "Commit message")
    String message;

    @Option(names = {"-a", "--author"}, paramLabel = "AUTHOR",
            description = "Author (e.g., \"John Hannibal Smith <hannibal@a-team.com>\")")
    String author;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Parameters(index = "1", paramLabel = "REPOSITORY[:TAG]")
    String repository;

    @Override
    public Integer call() {
        ImageReference target = Names.parse(spec, "REPOSITORY[:TAG]", repository);
        about("commit to", target.familiarName());
        GatewayClient gateway = gateway();
        JobView job = gateway.commit(container, target.familiarName(), target.tag().value(), message, author);
        JobEvent end = gateway.follow(job.id(), event -> { });
        if (!(end instanceof JobSucceeded done)) {
            throw new CliException(failure(end));
        }
        String id = done.result().get("imageId");
        if (id == null && done.imageDigest() != null) {
            id = done.imageDigest().toString();
        }
        terminal().out().println(id == null ? target.familiar() : id);
        terminal().out().flush();
        return ExitCodes.OK;
    }
}
