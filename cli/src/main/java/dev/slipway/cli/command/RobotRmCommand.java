package dev.slipway.cli.command;

import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.gateway.GatewayClient;
import dev.slipway.cli.gateway.GatewayException;
import dev.slipway.cli.gateway.Robot;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code slip robot rm NAME...}: revokes robot accounts ({@code DELETE /api/v1/robots/{name}}). A short name
 * ({@code ci}) is looked up among the caller's robots ({@code robot$ouruser+ci}). Goes on after a failing name, like
 * {@code docker rm}, and exits 1 if any failed.
 */
@Command(name = "rm", aliases = "remove", description = "Remove (revoke) robot accounts")
public class RobotRmCommand extends Verb {

    static final String ROBOT_PREFIX = "robot$";

    @Parameters(arity = "1..*", paramLabel = "NAME", description = "robot$ouruser+ci, or just ci")
    List<String> names;

    private String current;

    @Override
    public Integer call() {
        GatewayClient gateway = gateway();
        PrintWriter out = terminal().out();
        List<Robot> mine = null;
        int exit = ExitCodes.OK;
        for (String name : names) {
            current = name;
            try {
                String full = name;
                if (!name.startsWith(ROBOT_PREFIX)) {
                    mine = mine == null ? gateway.robots() : mine;
                    full = resolve(name, mine);
                }
                current = full;
                gateway.deleteRobot(full);
                out.println(full);
                out.flush();
            } catch (GatewayException e) {
                terminal().error(describe(e));
                exit = ExitCodes.ERROR;
            } catch (CliException e) {
                terminal().error(e.getMessage());
                exit = ExitCodes.ERROR;
            }
        }
        return exit;
    }

    /** {@code ci} is {@code robot$<owner>+ci} or an admin's {@code robot$ci}; it must name exactly one. */
    private static String resolve(String shortName, List<Robot> robots) {
        List<String> matches = robots.stream().map(Robot::name)
                .filter(n -> n.equals(ROBOT_PREFIX + shortName) || n.startsWith(ROBOT_PREFIX) && n.endsWith("+" + shortName))
                .toList();
        if (matches.isEmpty()) {
            throw new CliException("no such robot: " + shortName);
        }
        if (matches.size() > 1) {
            throw new CliException("robot name \"" + shortName + "\" is ambiguous: " + String.join(", ", matches));
        }
        return matches.get(0);
    }

    @Override
    public String describe(GatewayException e) {
        if (e.status() == 404) {
            return "no such robot: " + current;
        }
        if (e.status() == 403) {
            return "not allowed to remove " + current + ": " + e.problem().message();
        }
        return super.describe(e);
    }
}
