package dev.slipway.cli.command;

import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.gateway.GatewayException;
import dev.slipway.common.oci.ImageReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code slip tag SOURCE TARGET}: another name for an image; prints nothing, as docker. */
@Command(name = "tag", description = "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE")
public class TagCommand extends Verb {

    @Parameters(index = "0", paramLabel = "SOURCE_IMAGE[:TAG]")
    String source;

    @Parameters(index = "1", paramLabel = "TARGET_IMAGE[:TAG]")
    String target;

    private ImageReference from;
    private ImageReference to;

    @Override
    public Integer call() {
        from = Names.parse(spec, "SOURCE_IMAGE", source);
        to = Names.parse(spec, "TARGET_IMAGE", target);
        if (to.digest() != null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "invalid argument \"" + target + "\" for TARGET_IMAGE: a tag target cannot be a digest");
        }
        about("tag", from.familiar());
        gateway().tag(source, target);
        return ExitCodes.OK;
    }

    @Override
    public String describe(GatewayException e) {
        if (e.status() == 403 && to != null) {
            return "not allowed to write to " + to.familiarName();
        }
        return super.describe(e);
    }
}
