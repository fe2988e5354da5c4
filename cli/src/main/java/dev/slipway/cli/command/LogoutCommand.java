package dev.slipway.cli.command;

import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.config.GatewayUrl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code slip logout [SERVER]}: forgets the saved login for a gateway (default: the current one), as
 * {@code docker logout} does; later commands fall back to {@code SLIPWAY_TOKEN} or the local farm's admin token.
 */
@Command(name = "logout", description = "Log out from a Slipway gateway")
public class LogoutCommand extends Verb {

    @Parameters(arity = "0..1", paramLabel = "SERVER", description = "Gateway URL (default: the current gateway)")
    String server;

    @Override
    public Integer call() {
        GatewayUrl url = LoginCommand.serverUrl(spec, server, this);
        if (slip().configFile().removeLogin(url)) {
            terminal().out().println("Removing login credentials for " + url);
        } else {
            terminal().out().println("Not logged in to " + url);
        }
        terminal().out().flush();
        return ExitCodes.OK;
    }
}
