package dev.slipway.cli;

import dev.slipway.cli.command.BuildCommand;
import dev.slipway.cli.command.CancelCommand;
import dev.slipway.cli.command.CommitCommand;
import dev.slipway.cli.command.HistoryCommand;
import dev.slipway.cli.command.ImagesCommand;
import dev.slipway.cli.command.InspectCommand;
import dev.slipway.cli.command.JobsCommand;
import dev.slipway.cli.command.LoginCommand;
import dev.slipway.cli.command.LogoutCommand;
import dev.slipway.cli.command.LogsCommand;
import dev.slipway.cli.command.PullCommand;
import dev.slipway.cli.command.PushCommand;
import dev.slipway.cli.command.RepoCommand;
import dev.slipway.cli.command.RmiCommand;
import dev.slipway.cli.command.RobotCommand;
import dev.slipway.cli.command.RunCommand;
import dev.slipway.cli.command.SearchCommand;
import dev.slipway.cli.command.TagCommand;
import dev.slipway.cli.command.VersionCommand;
import dev.slipway.cli.config.CliConfig;
import dev.slipway.cli.config.ConfigFile;
import dev.slipway.cli.config.Target;
import dev.slipway.cli.config.TargetResolver;
import dev.slipway.cli.gateway.GatewayClient;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code slip}: the top command. Holds the options every verb shares ({@code -H/--host}, {@code --config}) and
 * resolves the gateway and token from them and the environment.
 */
@TopCommand
@Command(name = "slip", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Build, pull, push and run container images on a Slipway farm, the docker way.",
        footer = {"", "Environment: SLIPWAY_URL (gateway), SLIPWAY_TOKEN, SLIPWAY_LOCAL_URL (the local farm's gateway,",
            "default http://127.0.0.1:8080), SLIPWAY_DATA (its data folder), NO_COLOR."},
        subcommands = {ImagesCommand.class, PullCommand.class, SearchCommand.class, RunCommand.class,
            CommitCommand.class, BuildCommand.class, TagCommand.class, PushCommand.class, RmiCommand.class,
            InspectCommand.class, HistoryCommand.class, JobsCommand.class, LogsCommand.class, CancelCommand.class,
            LoginCommand.class, LogoutCommand.class, RobotCommand.class, RepoCommand.class, VersionCommand.class})
public class SlipCommand implements Runnable {

    @Option(names = {"-H", "--host"}, paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "Gateway URL (default: $SLIPWAY_URL, the last login, else the local farm's)")
    String host;

    @Option(names = "--config", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Location of client config files (default: ~/.slipway)")
    Path configDir;

    @Spec
    CommandSpec spec;

    private final CliConfig config;
    private final TargetResolver resolver;

    SlipCommand(CliConfig config) {
        this.config = config;
        this.resolver = new TargetResolver(config, TargetResolver.findRepositoryRoot());
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * @return the gateway and token this invocation uses
     * @throws CliException if {@code -H} or {@code SLIPWAY_URL} is not a URL
     */
    public Target target() {
        try {
            return resolver.resolve(host, configDir);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), ExitCodes.USAGE);
        }
    }

    /** @return a client of the resolved gateway */
    public GatewayClient gateway() {
        return new GatewayClient(target());
    }

    /** @return the login file */
    public ConfigFile configFile() {
        return resolver.configFile(configDir);
    }

    /** @return the {@code service} of the registry token endpoint, what {@code slip login} asks a token for */
    public String registryService() {
        return config.registryService();
    }
}
