package dev.slipway.cli.command;

import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.gateway.GatewayClient;
import dev.slipway.cli.gateway.GatewayException;
import dev.slipway.cli.gateway.RemoveResult;
import dev.slipway.common.oci.ImageReference;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code slip rmi [-f] IMAGE…}: prints docker's {@code Untagged:} and {@code Deleted:} lines; an image that cannot
 * be removed gets its error line and the others are still removed (exit 1 at the end).
 */
@Command(name = "rmi", description = "Remove one or more images")
public class RmiCommand extends Verb {

    @Option(names = {"-f", "--force"}, description = "Force removal of the image")
    boolean force;

    @Parameters(arity = "1..*", paramLabel = "IMAGE")
    List<String> images;

    @Override
    public Integer call() {
        images.forEach(image -> Names.parse(spec, "IMAGE", image));
        GatewayClient gateway = gateway();
        PrintWriter out = terminal().out();
        int exit = ExitCodes.OK;
        for (String image : images) {
            about("remove", ImageReference.parse(image).familiar());
            try {
                RemoveResult removed = gateway.removeImage(image, force);
                removed.untagged().forEach(name -> out.println("Untagged: " + name));
                removed.deleted().forEach(id -> out.println("Deleted: " + id));
                out.flush();
            } catch (GatewayException e) {
                terminal().error(describe(e));
                exit = ExitCodes.ERROR;
            }
        }
        return exit;
    }
}
