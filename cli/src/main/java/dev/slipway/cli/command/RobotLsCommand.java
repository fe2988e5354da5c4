package dev.slipway.cli.command;

import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.format.Table;
import dev.slipway.cli.format.Units;
import dev.slipway.cli.gateway.Robot;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slip robot ls}: the caller's robot accounts (an admin's: all) as a table, sorted by name. */
@Command(name = "ls", aliases = "list", description = "List robot accounts")
public class RobotLsCommand extends Verb {

    @Option(names = {"-q", "--quiet"}, description = "Only show names")
    boolean quiet;

    @Override
    public Integer call() {
        List<Robot> robots = gateway().robots().stream().sorted(Comparator.comparing(Robot::name)).toList();
        PrintWriter out = terminal().out();
        if (quiet) {
            robots.forEach(robot -> out.println(robot.name()));
            out.flush();
            return ExitCodes.OK;
        }
        Instant now = Instant.now();
        Table table = new Table("NAME", "REPOSITORIES", "ACTIONS", "EXPIRES", "CREATED BY");
        for (Robot robot : robots) {
            table.row(robot.name(), String.join(",", robot.repositories()), String.join(",", robot.actions()),
                    expiry(robot, now), robot.createdBy() == null ? "" : robot.createdBy());
        }
        table.print(out);
        return ExitCodes.OK;
    }

    /** @return {@code in 4 weeks}, {@code expired 2 days ago} or {@code never} */
    static String expiry(Robot robot, Instant now) {
        if (robot.expiresAt() == null) {
            return "never";
        }
        if (robot.expiresAt().isAfter(now)) {
            return "in " + Units.humanDuration(Duration.between(now, robot.expiresAt()));
        }
        return "expired " + Units.ago(Duration.between(robot.expiresAt(), now));
    }
}
