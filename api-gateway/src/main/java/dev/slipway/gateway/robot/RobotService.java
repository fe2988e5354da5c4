package dev.slipway.gateway.robot;

import dev.slipway.gateway.access.Action;
import dev.slipway.gateway.access.RepositoryPattern;
import dev.slipway.gateway.error.ApiException;
import dev.slipway.gateway.error.ErrorCode;
import dev.slipway.gateway.tenant.Caller;
import dev.slipway.gateway.tenant.Tokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Robot accounts: creation within the caller's rights, listing, revocation, and the check of a robot's credentials
 * at the token endpoint. Robots are never cached: the token endpoint is not a hot path (a client asks once per
 * token lifetime), and a revoked or expired robot must fail at its next request.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class RobotService {

    /** Prefix of robot tokens (API tokens use {@code slp_}). */
    static final String TOKEN_PREFIX = "slr_";
    private static final int MAX_EXPIRY_DAYS = 3650;

    private final RobotRepository robots;

    RobotService(RobotRepository robots) {
        this.robots = robots;
    }

    /**
     * Creates a robot. A user may make robots only as {@code robot$<itself>+<name>} and only for patterns inside its
     * own namespace; an administrator may make any.
     *
     * @param caller  who asks
     * @param request what to create
     * @return the robot with its token, shown this once
     */
    @Transactional
    public CreatedRobot create(Caller caller, NewRobot request) {
        if (request == null) {
            throw new ApiException(ErrorCode.INVALID_REQUEST,
                    "body {\"name\",\"repositories\",\"actions\",\"expiresInDays\"} required");
        }
        RobotName name = RobotName.isRobot(request.name()) ? new RobotName(request.name())
                : RobotName.of(caller.name(), request.name());
        if (!caller.admin() && !name.owner().filter(caller.name()::equals).isPresent()) {
            throw new ApiException(ErrorCode.FORBIDDEN, caller.name() + " may create robots only named robot$"
                    + caller.name() + "+<name>");
        }
        List<RepositoryPattern> patterns = patterns(request.repositories());
        if (!caller.admin()) {
            for (RepositoryPattern pattern : patterns) {
                if (!pattern.isInside(caller.name())) {
                    throw new ApiException(ErrorCode.FORBIDDEN, "pattern \"" + pattern + "\" reaches outside "
                            + caller.name() + "/; " + caller.name() + " may give robots access only to its own repositories");
                }
            }
        }
        Set<Action> actions = actions(request.actions());
        Instant now = Instant.now();
        Instant expiresAt = expiry(request.expiresInDays(), now);
        if (robots.findByName(name.value()).isPresent()) {
            throw new ApiException(ErrorCode.ROBOT_NAME_TAKEN, "a robot named " + name + " already exists");
        }
        String token = Tokens.newToken(TOKEN_PREFIX);
        Robot robot = new Robot(name.value(), Tokens.hash(token), patterns.stream().map(RepositoryPattern::value)
                .toArray(String[]::new), actions.stream().map(Action::wire).toArray(String[]::new), expiresAt,
                caller.name(), now);
        robots.persist(robot);
        return new CreatedRobot(view(robot), token);
    }

    /** @return the caller's robots (every robot for an administrator), by name */
    public List<RobotView> list(Caller caller) {
        return (caller.admin() ? robots.all() : robots.createdBy(caller.name())).stream().map(RobotService::view).toList();
    }

    /**
     * Revokes (deletes) a robot: its token stops working at once; tokens already issued to it run out within
     * their lifetime.
     *
     * @param caller who asks: its creator or an administrator
     * @param name   the robot's full name
     */
    @Transactional
    public void revoke(Caller caller, String name) {
        Robot robot = robots.findByName(name).filter(r -> caller.admin() || caller.name().equals(r.createdBy))
                .orElseThrow(() -> new ApiException(ErrorCode.ROBOT_NOT_FOUND, "no robot " + name + " of " + caller.name()));
        robots.delete(robot);
    }

    /**
     * @param name   a robot name as presented (Basic user name)
     * @param secret the token presented as password
     * @return the robot, if the name exists, the token is its token and it has not expired
     */
    public Optional<RobotAccount> authenticate(String name, String secret) {
        return robots.findByName(name)
                .filter(r -> MessageDigest.isEqual(r.tokenHash.getBytes(StandardCharsets.US_ASCII),
                        Tokens.hash(secret).getBytes(StandardCharsets.US_ASCII)))
                .filter(r -> r.expiresAt == null || Instant.now().isBefore(r.expiresAt))
                .map(r -> new RobotAccount(new RobotName(r.name),
                        Arrays.stream(r.repositories).map(RepositoryPattern::new).toList(),
                        actions(List.of(r.actions)), r.createdBy));
    }

    /**
     * Makes sure a system robot exists with exactly this token, patterns and actions (never expiring, no creator).
     *
     * @return whether anything had to change
     */
    @Transactional
    boolean ensureSystem(RobotName name, String token, List<RepositoryPattern> patterns, Set<Action> actions) {
        String hash = Tokens.hash(token);
        String[] repositories = patterns.stream().map(RepositoryPattern::value).toArray(String[]::new);
        String[] wire = actions.stream().sorted().map(Action::wire).toArray(String[]::new);
        Optional<Robot> existing = robots.findByName(name.value());
        if (existing.isEmpty()) {
            robots.persist(new Robot(name.value(), hash, repositories, wire, null, null, Instant.now()));
            return true;
        }
        Robot robot = existing.get();
        if (robot.tokenHash.equals(hash) && Arrays.equals(robot.repositories, repositories)
                && Arrays.equals(robot.actions, wire) && robot.expiresAt == null && robot.createdBy == null) {
            return false;
        }
        robot.tokenHash = hash;
        robot.repositories = repositories;
        robot.actions = wire;
        robot.expiresAt = null;
        robot.createdBy = null;
        return true;
    }

    private static List<RepositoryPattern> patterns(List<String> given) {
        if (given == null || given.isEmpty()) {
            throw new ApiException(ErrorCode.INVALID_ROBOT_PATTERN,
                    "\"repositories\" must list at least one pattern, e.g. [\"ouruser/*\"]");
        }
        return given.stream().map(RepositoryPattern::new).distinct().toList();
    }

    private static Set<Action> actions(List<String> given) {
        if (given == null || given.isEmpty()) {
            throw new ApiException(ErrorCode.INVALID_ROBOT_ACTIONS, "\"actions\" must list at least one of pull, push, delete");
        }
        Set<Action> actions = EnumSet.noneOf(Action.class);
        for (String word : given) {
            actions.add(Action.fromWire(word).orElseThrow(() -> new ApiException(ErrorCode.INVALID_ROBOT_ACTIONS,
                    "unknown action \"" + word + "\"; robots may have pull, push and delete")));
        }
        return actions;
    }

    private static Instant expiry(Integer days, Instant now) {
        if (days == null) {
            return null;
        }
        if (days < 1 || days > MAX_EXPIRY_DAYS) {
            throw new ApiException(ErrorCode.INVALID_ROBOT_EXPIRY,
                    "\"expiresInDays\" must be 1 to " + MAX_EXPIRY_DAYS + " (leave it out for a robot that never expires)");
        }
        return now.plus(Duration.ofDays(days));
    }

    private static RobotView view(Robot robot) {
        return new RobotView(robot.name, List.of(robot.repositories), List.of(robot.actions), robot.expiresAt,
                robot.createdBy, robot.createdAt);
    }

    /**
     * Body of {@code POST /api/v1/robots}.
     *
     * @param name          short name ({@code ci} → {@code robot$<caller>+ci}) or a full {@code robot$…} name
     * @param repositories  glob patterns the robot may reach
     * @param actions       of pull, push, delete
     * @param expiresInDays days until the token stops working; absent: never
     */
    public record NewRobot(String name, List<String> repositories, List<String> actions, Integer expiresInDays) {
    }

    /**
     * A robot as the API shows it (never with its token).
     *
     * @param name         full name
     * @param repositories patterns
     * @param actions      actions
     * @param expiresAt    expiry, {@code null} for never
     * @param createdBy    creating user, {@code null} for system robots
     * @param createdAt    creation time
     */
    public record RobotView(String name, List<String> repositories, List<String> actions, Instant expiresAt,
            String createdBy, Instant createdAt) {
    }

    /**
     * Answer of {@code POST /api/v1/robots}: the robot and its token, shown this once.
     *
     * @param name         full name
     * @param token        the secret
     * @param repositories patterns
     * @param actions      actions
     * @param expiresAt    expiry, {@code null} for never
     * @param createdBy    creating user
     */
    public record CreatedRobot(String name, String token, List<String> repositories, List<String> actions,
            Instant expiresAt, String createdBy) {
        CreatedRobot(RobotView view, String token) {
            this(view.name(), token, view.repositories(), view.actions(), view.expiresAt(), view.createdBy());
        }
    }
}
