package dev.slipway.cli.command;

import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.format.Table;
import dev.slipway.cli.gateway.GatewayException;
import dev.slipway.cli.gateway.Robot;
import dev.slipway.cli.gateway.RobotRequest;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code slip robot create NAME --repository PATTERN... [--action pull,push] [--expires 30d] [-q]}: a robot account
 * ({@code POST /api/v1/robots}). Prints its full name and its token, which the gateway shows this one time only;
 * {@code -q} prints the token alone, for scripts.
 */
@Command(name = "create", description = "Create a robot account and print its token (shown once)")
public class RobotCreateCommand extends Verb {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern PATTERN = Pattern.compile("[^\\s:@]+");
    private static final Pattern LIFETIME = Pattern.compile("(\\d{1,6})([dwy]?)");
    private static final Set<String> ACTIONS = Set.of("pull", "push", "delete");
    private static final int MAX_DAYS = 36_500;

    @Parameters(index = "0", paramLabel = "NAME", description = "Short name, e.g. ci (the account is robot$<you>+ci)")
    String name;

    @Option(names = {"-r", "--repository"}, paramLabel = "PATTERN", required = true, arity = "1..*",
            description = "Repository pattern it may reach, e.g. ouruser/* (* matches any characters, / too)")
    List<String> repositories = new ArrayList<>();

    @Option(names = {"-a", "--action"}, paramLabel = "ACTION[,ACTION...]", split = ",",
            description = "pull, push and/or delete (default: pull)")
    List<String> actions = new ArrayList<>();

    @Option(names = "--expires", paramLabel = "N[d|w|y]",
            description = "Lifetime, e.g. 30d, 12w, 1y (default: the gateway's)")
    String expires;

    @Option(names = {"-q", "--quiet"}, description = "Only print the token")
    boolean quiet;

    @Override
    public Integer call() {
        RobotRequest request = request();
        Robot robot = gateway().createRobot(request);
        PrintWriter out = terminal().out();
        if (quiet) {
            out.println(robot.token());
            out.flush();
            return ExitCodes.OK;
        }
        Table table = new Table("NAME", "TOKEN", "REPOSITORIES", "ACTIONS", "EXPIRES");
        table.row(robot.name(), robot.token() == null ? "" : robot.token(), String.join(",", robot.repositories()),
                String.join(",", robot.actions()), RobotLsCommand.expiry(robot, Instant.now()));
        table.print(out);
        terminal().err().println("The token is shown only this once: store it now (e.g. skopeo login -u '"
                + robot.name() + "' --password-stdin REGISTRY).");
        terminal().err().flush();
        return ExitCodes.OK;
    }

    private RobotRequest request() {
        if (!NAME.matcher(name).matches()) {
            throw usage("invalid robot name \"" + name + "\": use letters, digits, '.', '_' and '-' (slip adds the "
                    + "robot$<user>+ prefix)");
        }
        for (String pattern : repositories) {
            if (!PATTERN.matcher(pattern).matches()) {
                throw usage("invalid repository pattern \"" + pattern + "\"");
            }
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (String action : actions.isEmpty() ? List.of("pull") : actions) {
            String normalised = action.trim().toLowerCase(Locale.ROOT);
            if (!ACTIONS.contains(normalised)) {
                throw usage("invalid action \"" + action + "\": use pull, push or delete");
            }
            wanted.add(normalised);
        }
        return new RobotRequest(name, repositories, List.copyOf(wanted), expires == null ? null : days(expires));
    }

    /** {@code 30d}, {@code 12w}, {@code 1y} or a bare number of days, into days. */
    private int days(String lifetime) {
        Matcher m = LIFETIME.matcher(lifetime.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw usage("invalid argument \"" + lifetime + "\" for \"--expires\" flag: expected N, Nd, Nw or Ny");
        }
        long n = Long.parseLong(m.group(1));
        long days = switch (m.group(2)) {
            case "w" -> n * 7;
            case "y" -> n * 365;
            default -> n;
        };
        if (days < 1 || days > MAX_DAYS) {
            throw usage("invalid argument \"" + lifetime + "\" for \"--expires\" flag: between 1 day and 100 years");
        }
        return (int) days;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    @Override
    public String describe(GatewayException e) {
        if (e.status() == 403) {
            return "not allowed to create robot " + name + ": " + e.problem().message();
        }
        return super.describe(e);
    }
}
