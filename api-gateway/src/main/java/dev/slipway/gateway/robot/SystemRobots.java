package dev.slipway.gateway.robot;

import dev.slipway.gateway.access.Action;
import dev.slipway.gateway.access.RepositoryPattern;
import dev.slipway.gateway.config.GatewayConfig;
import dev.slipway.gateway.tenant.Tokens;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Ensures at every start the robots the farm's own services log in as: {@code robot$build-worker} and
 * {@code robot$registry-sync}, pull and push on every repository. Each one's token comes from
 * {@code gateway.auth.system-robots.<name>.token} (a Kubernetes Secret) or else from {@code <robot-token-dir>/<name>.token},
 * generated once (0600) and kept, so it stays the same across restarts and the other services can read it.
 */
@ApplicationScoped
class SystemRobots {

    private static final Logger LOG = Logger.getLogger(SystemRobots.class);
    /** Short names of the system robots; each becomes {@code robot$<name>}. */
    private static final String BUILD_WORKER = "build-worker";
    private static final List<String> NAMES = List.of(BUILD_WORKER, "registry-sync");
    private static final List<RepositoryPattern> EVERYTHING = List.of(new RepositoryPattern("*"));

    private final RobotService robots;
    private final GatewayConfig config;

    SystemRobots(RobotService robots, GatewayConfig config) {
        this.robots = robots;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        for (String name : NAMES) {
            String token = configured(name).orElseGet(() -> fromFile(name));
            if (robots.ensureSystem(new RobotName(RobotName.PREFIX + name), token, EVERYTHING,
                    EnumSet.of(Action.PULL, Action.PUSH))) {
                LOG.infof("system robot robot$%s is ready (token %s)", name,
                        configured(name).isPresent() ? "from configuration" : "in " + file(name));
            }
        }
    }

    private Optional<String> configured(String name) {
        GatewayConfig.SystemRobots robots = config.auth().systemRobots();
        GatewayConfig.SystemRobot robot = name.equals(BUILD_WORKER) ? robots.buildWorker() : robots.registrySync();
        return robot.token().map(String::trim).filter(t -> !t.isEmpty());
    }

    /** Reads the robot's token file, writing a new token first when there is none. */
    private String fromFile(String name) {
        Path file = file(name);
        try {
            if (Files.isRegularFile(file)) {
                String token = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!token.isEmpty()) {
                    return token;
                }
            }
            Files.createDirectories(file.getParent());
            String token = Tokens.newToken(RobotService.TOKEN_PREFIX);
            // Written whole under a temporary name then renamed: a reader never sees a half-written token.
            Path tmp = Files.createTempFile(file.getParent(), "." + name, ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, token + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the token of robot$" + name + " in " + file, e);
        }
    }

    private Path file(String name) {
        return config.auth().robotTokenDir().toAbsolutePath().resolve(name + ".token");
    }
}
