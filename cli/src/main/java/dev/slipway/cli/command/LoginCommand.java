package dev.slipway.cli.command;

import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.config.ConfigFile;
import dev.slipway.cli.config.Credentials;
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
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code slip login [SERVER]}, with docker's flags: the user name and its API token (docker's password) are checked
 * the way {@code docker login} checks them — HTTP Basic against the registry token endpoint
 * ({@code GET /api/v1/token}) — and the token must also open the gateway's API ({@code GET /api/v1/users/me}, as
 * that user). Then both are saved per gateway in {@code config.json} (mode 0600) and that gateway becomes the
 * default. Missing values are prompted for on a terminal, the token without echo. Robot accounts are refused:
 * their tokens open the registry only, not {@code /api/v1}.
 */
@Command(name = "login", description = "Log in to a Slipway gateway (user name and API token)")
public class LoginCommand extends Verb {

    private static final String ROBOT_PREFIX = "robot$";
    private static final String TOKEN_PATH = "/api/v1/token";
    private static final String ME_PATH = "/api/v1/users/me";

    @Option(names = {"-u", "--username"}, paramLabel = "USER", description = "Username")
    String username;

    @Option(names = {"-p", "--password"}, paramLabel = "TOKEN", description = "Password (the user's API token)")
    String password;

    @Option(names = "--password-stdin", description = "Take the password (API token) from stdin")
    boolean passwordStdin;

    @Parameters(arity = "0..1", paramLabel = "SERVER", description = "Gateway URL (default: the current gateway)")
    String server;

    @Override
    public Integer call() throws IOException {
        if (password != null && passwordStdin) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--password and --password-stdin are mutually exclusive");
        }
        if (passwordStdin && username == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Must provide --username with --password-stdin");
        }
        GatewayUrl url = serverUrl(spec, server, this);
        ConfigFile file = slip().configFile();
        Optional<Credentials> saved = file.credentials(url);
        String user = username != null ? username.trim() : promptUsername(saved);
        if (user.startsWith(ROBOT_PREFIX)) {
            throw new CliException("robot accounts log in to the registry only (skopeo login, podman login, docker "
                    + "login); slip needs a user and its API token");
        }
        Credentials credentials;
        try {
            credentials = new Credentials(user, secret());
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        GatewayClient gateway = new GatewayClient(new Target(url, credentials.token(), Target.TokenSource.LOGIN));
        Account account;
        String asked = TOKEN_PATH;
        try {
            gateway.checkRegistryLogin(slip().registryService(), credentials);
            asked = ME_PATH;
            account = gateway.me();
        } catch (GatewayException e) {
            if (e.status() != 401) {
                throw new CliException("login to " + url + " failed: " + e.problem().message());
            }
            // docker's wording for a wrong password, which people and scripts recognise
            terminal().err().println("Error response from daemon: Get \"" + url.resolve(asked) + "\": unauthorized: "
                    + e.problem().message());
            terminal().err().flush();
            return ExitCodes.ERROR;
        }
        if (!credentials.username().equals(account.name())) {
            throw new CliException("login to " + url + " failed: the token belongs to " + account.name() + ", not "
                    + credentials.username());
        }
        file.saveLogin(url, credentials);
        terminal().out().println("Login Succeeded");
        terminal().out().flush();
        return ExitCodes.OK;
    }

    private String promptUsername(Optional<Credentials> saved) {
        Console console = System.console();
        if (console == null) {
            throw new CliException("cannot perform an interactive login from a non TTY device; use -u/--username");
        }
        String previous = saved.map(Credentials::username).orElse(null);
        String typed = console.readLine(previous == null ? "Username: " : "Username (" + previous + "): ");
        String user = typed == null || typed.isBlank() ? previous : typed.trim();
        if (user == null) {
            throw new CliException("a username is required");
        }
        return user;
    }

    private String secret() throws IOException {
        if (passwordStdin) {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line = in.readLine();
            return line == null ? "" : line.trim();
        }
        if (password != null) {
            terminal().err().println("WARNING! Using --password via the CLI is insecure. Use --password-stdin.");
            terminal().err().flush();
            return password.trim();
        }
        Console console = System.console();
        if (console == null) {
            throw new CliException("cannot perform an interactive login from a non TTY device; use --password-stdin");
        }
        char[] typed = console.readPassword("Password: ");
        return typed == null ? "" : new String(typed).trim();
    }

    /**
     * @param spec the command, for a usage error
     * @param server the {@code SERVER} argument, or {@code null}
     * @param verb the verb, for the default gateway
     * @return the gateway named, else the one this invocation targets
     */
    static GatewayUrl serverUrl(CommandLine.Model.CommandSpec spec, String server, Verb verb) {
        try {
            return server != null ? GatewayUrl.parse(server) : verb.slip().target().url();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
