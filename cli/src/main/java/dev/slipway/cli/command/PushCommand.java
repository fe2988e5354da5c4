package dev.slipway.cli.command;

import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.gateway.GatewayClient;
import dev.slipway.cli.gateway.JobView;
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
 * {@code slip push NAME[:TAG]}: copies an image from the farm to its upstream registry; without a tag every tag of
 * the repository, as the tutorial's {@code docker push ouruser/sinatra} did.
 */
@Command(name = "push", description = "Upload an image (or every tag of a repository) to a registry")
public class PushCommand extends Verb {

    /** {@link JobSucceeded#result()} keys a push may carry per tag: {@code digest.<tag>}, {@code size.<tag>}. */
    static final String DIGEST_PREFIX = "digest.";
    static final String SIZE_PREFIX = "size.";

    @Parameters(index = "0", paramLabel = "NAME[:TAG]")
    String name;

    @Option(names = {"-a", "--all-tags"}, description = "Push all tags of the repository (the default without a tag)")
    boolean allTags;

    @Option(names = {"-q", "--quiet"}, description = "Suppress verbose output")
    boolean quiet;

    @Override
    public Integer call() {
        ImageReference image = Names.parse(spec, "NAME", name);
        boolean tagTyped = Names.hasTagOrDigest(name);
        if (allTags && tagTyped) {
            throw new CommandLine.ParameterException(spec.commandLine(), "tag can't be used with --all-tags/-a");
        }
        if (image.digest() != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "cannot push a digest reference");
        }
        about("push to", image.familiarName());
        PrintWriter out = terminal().out();
        GatewayClient gateway = gateway();
        JobView job = gateway.push(image.familiarName(), tagTyped ? image.tag().value() : null);
        if (!quiet) {
            out.println("The push refers to repository [" + image.name() + "]");
            out.flush();
        }
        JobEvent end = gateway.follow(job.id(), quiet ? e -> { } : new TransferRenderer(terminal()));
        if (!(end instanceof JobSucceeded done)) {
            throw new CliException(failure(end));
        }
        for (ImageReference pushed : done.tags()) {
            String tag = pushed.tag() == null ? "" : pushed.tag().value();
            String digest = done.result().getOrDefault(DIGEST_PREFIX + tag,
                    done.imageDigest() == null ? null : done.imageDigest().toString());
            String size = done.result().get(SIZE_PREFIX + tag);
            if (quiet) {
                out.println(pushed.familiar());
            } else if (digest != null) {
                out.println(tag + ": digest: " + digest + (size == null ? "" : " size: " + size));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
