package dev.slipway.cli.command;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.format.Template;
import dev.slipway.cli.gateway.GatewayClient;
import dev.slipway.cli.gateway.GatewayException;
import dev.slipway.common.oci.ImageReference;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code slip inspect [-f FORMAT] IMAGE…}: the images' config and manifest as a JSON array (docker's field names,
 * 4-space indent), or one line per image rendered with {@code --format '{{.Config.Cmd}}'}.
 */
@Command(name = "inspect", description = "Return low-level information on images")
public class InspectCommand extends Verb {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "Format the output using a Go template")
    String format;

    @Parameters(arity = "1..*", paramLabel = "IMAGE")
    List<String> images;

    @Override
    public Integer call() throws IOException {
        Template template = format == null ? null : Template.parse(format);
        images.forEach(image -> Names.parse(spec, "IMAGE", image));
        GatewayClient gateway = gateway();
        PrintWriter out = terminal().out();
        ArrayNode all = JSON.createArrayNode();
        int exit = ExitCodes.OK;
        for (String image : images) {
            ImageReference reference = ImageReference.parse(image);
            about("inspect", reference.familiar());
            try {
                ObjectNode inspected = ImageDocuments.inspect(reference, gateway.image(image));
                if (template != null) {
                    out.println(template.render(inspected));
                } else {
                    all.add(inspected);
                }
            } catch (GatewayException e) {
                terminal().error(describe(e));
                exit = ExitCodes.ERROR;
            }
        }
        if (template == null) {
            DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                    .withObjectIndenter(new DefaultIndenter("    ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("    ", "\n"));
            out.println(JSON.writer(printer).writeValueAsString(all));
        }
        out.flush();
        return exit;
    }
}
