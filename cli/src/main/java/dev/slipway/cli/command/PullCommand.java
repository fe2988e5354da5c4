package dev.slipway.cli.command;

import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.gateway.GatewayClient;
import dev.slipway.cli.gateway.JobView;
import dev.slipway.cli.render.Terminal;
import dev.slipway.cli.render.TransferRenderer;
import dev.slipway.common.job.JobEvent;
import dev.slipway.common.job.JobSucceeded;
import dev.slipway.common.oci.ImageReference;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code slip pull [-a] NAME[:TAG|@DIGEST]}: copies an image from the upstream registry into the farm; with
 * {@code -a/--all-tags} every tag of the repository, one {@code <tag>: Digest: …} line per tag at the end.
 */
@Command(name = "pull", description = "Download an image from a registry into the farm")
public class PullCommand extends Verb {

    @Parameters(index = "0", paramLabel = "NAME[:TAG|@DIGEST]")
    String name;

    @Option(names = {"-a", "--all-tags"}, description = "Download all tagged images in the repository")
    boolean allTags;

    @Option(names = {"-q", "--quiet"}, description = "Suppress verbose output")
    boolean quiet;

    @Override
    public Integer call() {
        ImageReference image = Names.parse(spec, "NAME", name);
        if (allTags) {
            if (Names.hasTagOrDigest(name)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "tag can't be used with --all-tags/-a");
            }
            return pullAllTags(image);
        }
        about("pull", image.familiar());
        Terminal terminal = terminal();
        PrintWriter out = terminal.out();
        GatewayClient gateway = gateway();
        JobView job = gateway.pull(name, false);
        if (!quiet) {
            if (!Names.hasTagOrDigest(name)) {
                out.println("Using default tag: " + image.tag().value());
            }
            out.println(image.manifestReference() + ": Pulling from " + image.repository().value());
            out.flush();
        }
        TransferRenderer progress = new TransferRenderer(terminal);
        JobEvent end = gateway.follow(job.id(), quiet ? e -> { } : progress);
        if (!(end instanceof JobSucceeded done)) {
            throw new CliException(failure(end));
        }
        if (!quiet) {
            if (done.imageDigest() != null) {
                out.println("Digest: " + done.imageDigest());
            }
            out.println("Status: " + (progress.nothingTransferred() ? "Image is up to date for "
                    : "Downloaded newer image for ") + image.familiar());
        }
        out.println(image);
        out.flush();
        return ExitCodes.OK;
    }

    private int pullAllTags(ImageReference image) {
        String repository = image.familiarName();
        about("pull", repository);
        Terminal terminal = terminal();
        PrintWriter out = terminal.out();
        GatewayClient gateway = gateway();
        JobView job = gateway.pull(name, true);
        if (!quiet) {
            out.println("Pulling all tags of " + repository);
            out.flush();
        }
        TransferRenderer progress = new TransferRenderer(terminal);
        JobEvent end = gateway.follow(job.id(), quiet ? e -> { } : progress);
        if (!(end instanceof JobSucceeded done)) {
            throw new CliException(failure(end));
        }
        if (!quiet) {
            for (ImageReference pulled : done.tags()) {
                String tag = pulled.tag() == null ? "" : pulled.tag().value();
                String digest = done.result().get(PushCommand.DIGEST_PREFIX + tag);
                if (digest != null) {
                    out.println(tag + ": Digest: " + digest);
                }
            }
            out.println("Status: " + (progress.nothingTransferred() ? "Image is up to date for "
                    : "Downloaded newer image for ") + repository);
        }
        out.println(image.name());
        out.flush();
        return ExitCodes.OK;
    }
}
