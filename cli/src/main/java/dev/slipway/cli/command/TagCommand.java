package dev.slipway.cli.command;

import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.gateway.GatewayException;
import dev.slipway.cli.gateway.ImageSummary;
import dev.slipway.common.oci.ImageReference;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code slip tag SOURCE TARGET}: another name for an image; prints nothing, as docker. SOURCE may be an image id or
 * its prefix ({@code slip tag 5db5f8471261 ouruser/sinatra:devel}, as the Docker tutorial types it).
 */
@Command(name = "tag", description = "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE")
public class TagCommand extends Verb {

    /** What docker accepts as an image id: at least 12 hex digits of the config digest, optionally with "sha256:". */
    private static final Pattern IMAGE_ID = Pattern.compile("(sha256:)?[0-9a-f]{12,64}");

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
        gateway().tag(byImageId(source), target);
        return ExitCodes.OK;
    }

    /** @return a tag of the image whose id starts with {@code typed}, or {@code typed} itself if it is no image id */
    private String byImageId(String typed) {
        if (!IMAGE_ID.matcher(typed).matches()) {
            return typed;
        }
        String id = typed.startsWith("sha256:") ? typed : "sha256:" + typed;
        return gateway().images(null).stream()
                .filter(image -> image.tag() != null && image.id() != null && image.id().startsWith(id))
                .findFirst()
                .map(image -> image.repository() + ":" + image.tag())
                .orElse(typed);
    }

    @Override
    public String describe(GatewayException e) {
        if (e.status() == 403 && to != null) {
            return "not allowed to write to " + to.familiarName();
        }
        return super.describe(e);
    }
}
