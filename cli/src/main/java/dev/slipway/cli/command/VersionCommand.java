package dev.slipway.cli.command;

import dev.slipway.cli.ExitCodes;
import java.io.PrintWriter;
import org.eclipse.microprofile.config.ConfigProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code slip version}: the client's version and the gateway it would talk to. */
@Command(name = "version", description = "Show the slip version information")
public class VersionCommand extends Verb {

    @Override
    public Integer call() {
        PrintWriter out = terminal().out();
        out.println("Client:");
        out.println(" Version:    " + version());
        out.println(" Java:       " + System.getProperty("java.version"));
        out.println(" OS/Arch:    " + System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT) + "/"
                + System.getProperty("os.arch"));
        out.println("Gateway:     " + slip().target().url());
        out.flush();
        return ExitCodes.OK;
    }

    /** @return the version Quarkus records from the pom */
    static String version() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.application.version", String.class)
                .orElse("unknown");
    }

    /** {@code slip --version}. */
    public static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"slip version " + version()};
        }
    }
}
