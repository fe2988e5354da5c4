package dev.slipway.cli.command;

import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.gateway.GatewayException;
import dev.slipway.common.oci.ImageReference;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code slip repo visibility REPO [public|private]}: a public repository may be pulled by anyone, without
 * credentials ({@code PUT /api/v1/repositories/{name}/visibility}); without the second argument, prints the
 * repository's visibility.
 */
@Command(name = "visibility", description = "Show or set whether anyone may pull a repository without credentials")
public class RepoVisibilityCommand extends Verb {

    @Parameters(index = "0", paramLabel = "REPOSITORY", description = "e.g. ouruser/sinatra")
    String repository;

    @Parameters(index = "1", arity = "0..1", paramLabel = "public|private")
    String visibility;

    private String name;

    @Override
    public Integer call() {
        ImageReference reference = Names.parse(spec, "REPOSITORY", repository);
        if (Names.hasTagOrDigest(repository)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "invalid argument \"" + repository
                    + "\" for REPOSITORY: a repository has no tag or digest");
        }
        name = reference.repository().value();
        if (visibility == null) {
            terminal().out().println(gateway().isPublic(name) ? "public" : "private");
            terminal().out().flush();
            return ExitCodes.OK;
        }
        boolean isPublic = switch (visibility.toLowerCase(Locale.ROOT)) {
            case "public" -> true;
            case "private" -> false;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "invalid argument \"" + visibility + "\": expected public or private");
        };
        gateway().setVisibility(name, isPublic);
        terminal().out().println(name + " is now " + (isPublic ? "public" : "private"));
        terminal().out().flush();
        return ExitCodes.OK;
    }

    @Override
    public String describe(GatewayException e) {
        if (name != null && e.status() == 404) {
            return "repository \"" + name + "\" not found";
        }
        if (name != null && e.status() == 403) {
            return "not allowed to change " + name + ": " + e.problem().message();
        }
        return super.describe(e);
    }
}
