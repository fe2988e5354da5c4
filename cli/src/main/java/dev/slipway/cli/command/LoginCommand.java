package dev.slipway.cli.command;

import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.config.GatewayUrl;
import dev.slipway.cli.config.Target;
import dev.slipway.cli.gateway.Account;
import dev.slipway.cli.gateway.GatewayClient;
import dev.slipway.cli.gateway.GatewayException;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code slip login [SERVER]}: checks an API token against the gateway ({@code GET /api/v1/users/me}) and saves it
 * in {@code ~/.slipway/config.json} for later commands. The token is docker's password: {@code --password-stdin},
 * {@code -p}, or a prompt on a terminal.
 */
@Command(name = "login", description = "Log in to a Slipway gateway with an API token")
public class LoginCommand extends Verb {

    @Option(names = {"-u", "--username"}, paramLabel = "USER", description = "Expected user of the token")
    String username;

    @Option(names = {"-p", "--password"}, paramLabel = "TOKEN", description = "API token")
    String password;

    @Option(names = "--password-stdin", description = "Take the API token from stdin")
    boolean passwordStdin;

    @Parameters(arity = "0..1", paramLabel = "SERVER", description = "Gateway URL")
    String server;

    @Override
    public Integer call() throws IOException {
        if (password != null && passwordStdin) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--password and --password-stdin are mutually exclusive");
        }
        GatewayUrl url;
        try {
            url = server != null ? GatewayUrl.parse(server) : slip.target().url();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        String token = token();
        Account account;
        try {
            account = new GatewayClient(new Target(url, token, Target.TokenSource.LOGIN)).me();
        } catch (GatewayException e) {
            throw new CliException("login to " + url + " failed: " + e.problem().message());
        }
        if (username != null && !username.equals(account.name())) {
            throw new CliException("login to " + url + " failed: the token belongs to " + account.name() + ", not "
                    + username);
        }
        slip.configFile().saveLogin(url, token);
        terminal().out().println("Login Succeeded");
        terminal().out().flush();
        return ExitCodes.OK;
    }

    private String token() throws IOException {
        String token;
        if (passwordStdin) {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line = in.readLine();
            token = line == null ? "" : line.trim();
        } else if (password != null) {
            terminal().err().println("WARNING! Using --password via the CLI is insecure. Use --password-stdin.");
            terminal().err().flush();
            token = password.trim();
        } else {
            Console console = System.console();
            if (console == null) {
                throw new CliException("cannot perform an interactive login from a non TTY device; "
                        + "use --password-stdin");
            }
            char[] typed = console.readPassword("Token: ");
            token = typed == null ? "" : new String(typed).trim();
        }
        if (token.isEmpty()) {
            throw new CliException("a token is required");
        }
        return token;
    }
}
