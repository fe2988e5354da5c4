package dev.slipway.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.format.Table;
import dev.slipway.cli.format.Template;
import dev.slipway.cli.format.Text;
import dev.slipway.cli.gateway.SearchResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slip search TERM}: docker's search table. */
@Command(name = "search", description = "Search the registry for images")
public class SearchCommand extends Verb {

    private static final int DESCRIPTION_WIDTH = 45;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "TERM")
    String term;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "25", description = "Max number of search results")
    int limit;

    @Option(names = {"-f", "--filter"}, paramLabel = "FILTER",
            description = "stars=N, is-official=true|false, is-automated=true|false")
    List<String> filters = new ArrayList<>();

    @Option(names = "--no-trunc", description = "Don't truncate output")
    boolean noTrunc;

    @Option(names = "--format", paramLabel = "FORMAT", description = "Go template, e.g. '{{.Name}}'")
    String format;

    @Override
    public Integer call() {
        if (limit < 1 || limit > 100) {
            throw new CommandLine.ParameterException(spec.commandLine(), "limit " + limit + " is outside the range of [1, 100]");
        }
        Predicate<SearchResult> keep = filter();
        Template template = format == null ? null : Template.parse(format);
        PrintWriter out = terminal().out();
        Table table = new Table("NAME", "DESCRIPTION", "STARS", "OFFICIAL", "AUTOMATED");
        for (SearchResult hit : gateway().search(term, limit)) {
            if (!keep.test(hit)) {
                continue;
            }
            String description = hit.description() == null ? "" : Text.oneLine(hit.description());
            if (!noTrunc) {
                description = Text.ellipsis(description, DESCRIPTION_WIDTH);
            }
            if (template != null) {
                ObjectNode row = JSON.createObjectNode().put("Name", hit.name()).put("Description", description)
                        .put("StarCount", hit.stars()).put("IsOfficial", hit.official())
                        .put("IsAutomated", hit.automated());
                out.println(template.render(row));
            } else {
                table.row(hit.name(), description, Integer.toString(hit.stars()), hit.official() ? "[OK]" : "",
                        hit.automated() ? "[OK]" : "");
            }
        }
        if (template == null) {
            table.print(out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private Predicate<SearchResult> filter() {
        Predicate<SearchResult> keep = hit -> true;
        for (String filter : filters) {
            int eq = filter.indexOf('=');
            if (eq < 0) {
                throw bad("bad format of filter (expected name=value): " + filter);
            }
            String key = filter.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = filter.substring(eq + 1).trim();
            switch (key) {
                case "stars" -> {
                    int min;
                    try {
                        min = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        throw bad("invalid filter 'stars=" + value + "': not a number");
                    }
                    keep = keep.and(hit -> hit.stars() >= min);
                }
                case "is-official" -> {
                    boolean official = bool(filter, value);
                    keep = keep.and(hit -> hit.official() == official);
                }
                case "is-automated" -> {
                    boolean automated = bool(filter, value);
                    keep = keep.and(hit -> hit.automated() == automated);
                }
                default -> throw bad("invalid filter '" + key + "' (known: stars, is-official, is-automated)");
            }
        }
        return keep;
    }

    private boolean bool(String filter, String value) {
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw bad("invalid filter '" + filter + "': expected true or false");
        }
        return Boolean.parseBoolean(value);
    }

    private CommandLine.ParameterException bad(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
