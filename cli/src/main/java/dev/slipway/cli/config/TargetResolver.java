package dev.slipway.cli.config;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Decides which gateway to talk to and which token to present, first match wins:
 *
 * <ul>
 *   <li>URL: {@code -H/--host}, {@code SLIPWAY_URL}, the last {@code slip login}, then the local farm's
 *       ({@link CliConfig#localUrl()});</li>
 *   <li>token: {@code SLIPWAY_TOKEN}, the token {@code slip login} saved for that URL, then — only for a loopback
 *       gateway — the local farm's {@code ${SLIPWAY_DATA:-<repo>/.slipway}/admin-token}.</li>
 * </ul>
 *
 * This is the one place that decides it; {@code slip login} and {@code slip logout} only write what it reads.
 */
public final class TargetResolver {

    static final String ADMIN_TOKEN_FILE = "admin-token";
    private static final String DATA_DIR_NAME = ".slipway";

    private final CliConfig config;
    private final Path repositoryRoot;

    /**
     * @param config the environment
     * @param repositoryRoot the Slipway checkout this {@code slip} was built in, or {@code null} if unknown
     */
    public TargetResolver(CliConfig config, Path repositoryRoot) {
        this.config = config;
        this.repositoryRoot = repositoryRoot;
    }

    /**
     * @param host the {@code -H} option, or {@code null}
     * @param configDir the {@code --config} option, or {@code null}
     * @return the target
     * @throws IllegalArgumentException if a URL is malformed
     */
    public Target resolve(String host, Path configDir) {
        ConfigFile file = configFile(configDir);
        GatewayUrl url;
        if (host != null) {
            url = GatewayUrl.parse(host);
        } else if (config.url().isPresent()) {
            url = GatewayUrl.parse(config.url().get());
        } else {
            url = file.current().orElseGet(() -> GatewayUrl.parse(config.localUrl()));
        }
        Optional<String> env = config.token().filter(t -> !t.isBlank());
        if (env.isPresent()) {
            return new Target(url, env.get().trim(), Target.TokenSource.ENVIRONMENT);
        }
        Optional<Credentials> saved = file.credentials(url);
        if (saved.isPresent()) {
            return new Target(url, saved.get().token(), Target.TokenSource.LOGIN);
        }
        if (url.isLoopback()) {
            Optional<String> admin = localAdminToken();
            if (admin.isPresent()) {
                return new Target(url, admin.get(), Target.TokenSource.LOCAL_ADMIN);
            }
        }
        return new Target(url, null, Target.TokenSource.NONE);
    }

    /**
     * @param configDir the {@code --config} option, or {@code null} for {@code SLIPWAY_CONFIG_DIR}/{@code ~/.slipway}
     * @return the login file
     */
    public ConfigFile configFile(Path configDir) {
        return new ConfigFile(configDir != null ? configDir : config.configDir());
    }

    private Optional<String> localAdminToken() {
        Path dataDir = config.data().orElse(repositoryRoot == null ? null : repositoryRoot.resolve(DATA_DIR_NAME));
        if (dataDir == null) {
            return Optional.empty();
        }
        Path file = dataDir.resolve(ADMIN_TOKEN_FILE);
        try {
            String token = Files.readString(file, StandardCharsets.UTF_8).trim();
            return token.isEmpty() ? Optional.empty() : Optional.of(token);
        } catch (IOException e) {
            // no local farm, or not readable by this user: go on without a token
            return Optional.empty();
        }
    }

    /**
     * Finds the Slipway checkout this code runs from ({@code <repo>/cli/target/quarkus-app/app/cli.jar} or
     * {@code <repo>/cli/target/classes}): the nearest ancestor holding both {@code slipway} and {@code pom.xml}.
     *
     * @return the checkout, or {@code null} when running from elsewhere
     */
    public static Path findRepositoryRoot() {
        try {
            var source = TargetResolver.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return null;
            }
            for (Path dir = Path.of(source.getLocation().toURI()).toAbsolutePath(); dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve("slipway")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                    return dir;
                }
            }
            return null;
        } catch (URISyntaxException | SecurityException | java.nio.file.FileSystemNotFoundException e) {
            return null;
        }
    }
}
