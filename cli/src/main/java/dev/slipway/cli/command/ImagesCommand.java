package dev.slipway.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.format.Ids;
import dev.slipway.cli.format.Table;
import dev.slipway.cli.format.Template;
import dev.slipway.cli.format.Units;
import dev.slipway.cli.gateway.ImageSummary;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slip images [REPOSITORY[:TAG]]}: docker's image table. */
@Command(name = "images", description = "List images", sortOptions = false)
public class ImagesCommand extends Verb {

    private static final DateTimeFormatter GO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(arity = "0..1", paramLabel = "REPOSITORY[:TAG]", description = "Only images of this repository")
    String reference;

    @Option(names = {"-q", "--quiet"}, description = "Only show image IDs")
    boolean quiet;

    @Option(names = "--digests", description = "Show digests")
    boolean digests;

    @Option(names = "--no-trunc", description = "Don't truncate output")
    boolean noTrunc;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "'json' (one JSON object a line) or a Go template such as '{{.Repository}}:{{.Tag}}'")
    String format;

    @Override
    public Integer call() {
        Template template = format == null || format.equals("json") ? null : Template.parse(format);
        List<ImageSummary> images = new ArrayList<>(gateway().images(reference));
        // newest first, as docker lists them
        images.sort(Comparator.comparing((ImageSummary i) -> i.created() == null ? Instant.EPOCH : i.created())
                .reversed().thenComparing(i -> repository(i)).thenComparing(i -> tag(i)));
        PrintWriter out = terminal().out();
        Instant now = Instant.now();
        if (quiet) {
            images.forEach(i -> out.println(id(i)));
        } else if (format != null) {
            for (ImageSummary image : images) {
                ObjectNode row = row(image, now);
                out.println(template == null ? row.toString() : template.render(row));
            }
        } else {
            table(images, now).print(out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private Table table(List<ImageSummary> images, Instant now) {
        Table table = digests ? new Table("REPOSITORY", "TAG", "DIGEST", "IMAGE ID", "CREATED", "SIZE")
                : new Table("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");
        for (ImageSummary image : images) {
            String created = created(image, now);
            String size = Units.humanSize(image.size());
            if (digests) {
                table.row(repository(image), tag(image), image.digest() == null ? "<none>" : image.digest(), id(image),
                        created, size);
            } else {
                table.row(repository(image), tag(image), id(image), created, size);
            }
        }
        return table;
    }

    /** The fields docker's {@code --format} knows, with docker's names. */
    private ObjectNode row(ImageSummary image, Instant now) {
        ObjectNode row = JSON.createObjectNode();
        row.put("CreatedAt", image.created() == null ? "" : GO_TIME.format(image.created()));
        row.put("CreatedSince", created(image, now));
        row.put("Digest", image.digest() == null ? "<none>" : image.digest());
        row.put("ID", id(image));
        row.put("Repository", repository(image));
        row.put("Size", Units.humanSize(image.size()));
        row.put("Tag", tag(image));
        return row;
    }

    private String id(ImageSummary image) {
        if (image.id() == null) {
            return "<none>";
        }
        return noTrunc ? image.id() : Ids.shortId(image.id());
    }

    private static String created(ImageSummary image, Instant now) {
        return image.created() == null ? "N/A" : Units.ago(Duration.between(image.created(), now));
    }

    static String repository(ImageSummary image) {
        return image.repository() == null ? "<none>" : Names.familiar(image.repository());
    }

    private static String tag(ImageSummary image) {
        return image.tag() == null ? "<none>" : image.tag();
    }
}
