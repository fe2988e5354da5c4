package dev.slipway.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.format.Ids;
import dev.slipway.cli.format.Table;
import dev.slipway.cli.format.Template;
import dev.slipway.cli.format.Text;
import dev.slipway.cli.format.Units;
import dev.slipway.cli.gateway.ImageDetail;
import dev.slipway.common.oci.ImageReference;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slip history IMAGE}: docker's {@code IMAGE  CREATED  CREATED BY  SIZE  COMMENT}, newest step first. */
@Command(name = "history", description = "Show the history of an image")
public class HistoryCommand extends Verb {

    private static final int CREATED_BY_WIDTH = 45;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--human", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Print sizes and dates in human readable format (default true; -H is the global --host here)")
    boolean human;

    @Option(names = "--no-trunc", description = "Don't truncate output")
    boolean noTrunc;

    @Option(names = {"-q", "--quiet"}, description = "Only show image IDs")
    boolean quiet;

    @Option(names = "--format", paramLabel = "FORMAT", description = "Format the output using a Go template")
    String format;

    @Parameters(index = "0", paramLabel = "IMAGE")
    String image;

    @Override
    public Integer call() {
        ImageReference reference = Names.parse(spec, "IMAGE", image);
        Template template = format == null ? null : Template.parse(format);
        about("show the history of", reference.familiar());
        ImageDetail detail = gateway().image(image);
        String id = ImageDocuments.imageId(detail);
        List<ImageDocuments.Row> rows = ImageDocuments.history(detail);
        PrintWriter out = terminal().out();
        Table table = new Table("IMAGE", "CREATED", "CREATED BY", "SIZE", "COMMENT");
        Instant now = Instant.now();
        for (int i = rows.size() - 1; i >= 0; i--) {
            ImageDocuments.Row row = rows.get(i);
            // only the newest step is an image of its own; docker shows the others as <missing>
            String rowId = i == rows.size() - 1 ? (noTrunc ? id : Ids.shortId(id)) : "<missing>";
            String createdBy = Text.oneLine(row.createdBy());
            String[] cells = {rowId, created(row.created(), now), noTrunc ? createdBy : Text.ellipsis(createdBy,
                    CREATED_BY_WIDTH), human ? Units.humanSize(row.size()) : Long.toString(row.size()), row.comment()};
            if (quiet) {
                out.println(rowId);
            } else if (template != null) {
                ObjectNode node = JSON.createObjectNode().put("ID", cells[0]).put("CreatedSince", cells[1])
                        .put("CreatedAt", row.created() == null ? "" : row.created().toString())
                        .put("CreatedBy", cells[2]).put("Size", cells[3]).put("Comment", cells[4]);
                out.println(template.render(node));
            } else {
                table.row(cells);
            }
        }
        if (!quiet && template == null) {
            table.print(out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private String created(Instant created, Instant now) {
        if (created == null) {
            return "N/A";
        }
        return human ? Units.ago(Duration.between(created, now)) : created.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
