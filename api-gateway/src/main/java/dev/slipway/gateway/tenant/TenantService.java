package dev.slipway.gateway.tenant;

import dev.slipway.gateway.error.ApiException;
import dev.slipway.gateway.error.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Users and tokens: authentication of bearer tokens and the administration of tenants.
 */
@ApplicationScoped
public class TenantService {

    /** Short enough that a removed token stops working promptly, long enough to keep the database off the hot path. */
    private static final Duration CACHE_TTL = Duration.ofSeconds(10);

    private final UserRepository users;
    private final ApiTokenRepository tokens;
    private final Map<String, Cached<Caller>> callerByHash = new ConcurrentHashMap<>();
    private final Map<String, Cached<Boolean>> userNamespaces = new ConcurrentHashMap<>();

    TenantService(UserRepository users, ApiTokenRepository tokens) {
        this.users = users;
        this.tokens = tokens;
    }

    /**
     * @param token a bearer token as presented
     * @return the user it belongs to, if any
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Caller> authenticate(String token) {
        String hash = Tokens.hash(token);
        Cached<Caller> cached = callerByHash.get(hash);
        if (cached != null && cached.fresh()) {
            return Optional.of(cached.value());
        }
        Optional<Caller> caller = tokens.findByHash(hash).map(t -> new Caller(t.user.name, t.user.admin));
        caller.ifPresent(c -> callerByHash.put(hash, new Cached<>(c, Instant.now().plus(CACHE_TTL))));
        return caller;
    }

    /**
     * @param name a user name
     * @return that user as a {@link Caller}, if it exists
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Caller> user(String name) {
        return users.findByName(name).map(u -> new Caller(u.name, u.admin));
    }

    /**
     * @param namespace the first component of a repository name
     * @return whether a user owns that namespace (otherwise it is system-owned)
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean isUserNamespace(String namespace) {
        Cached<Boolean> cached = userNamespaces.get(namespace);
        if (cached != null && cached.fresh()) {
            return cached.value();
        }
        boolean exists = users.findByName(namespace).isPresent();
        userNamespaces.put(namespace, new Cached<>(exists, Instant.now().plus(CACHE_TTL)));
        return exists;
    }

    /**
     * Creates a user and its first token.
     *
     * @param name  the new user's name
     * @param admin whether it is an administrator
     * @return the new user with the plain token, shown this once
     */
    @Transactional
    public IssuedToken createUser(UserName name, boolean admin) {
        if (users.findByName(name.value()).isPresent()) {
            throw new ApiException(ErrorCode.USER_EXISTS, "user \"" + name + "\" already exists");
        }
        User user = new User(name, admin, Instant.now());
        users.persist(user);
        userNamespaces.remove(name.value());
        return issue(user, "initial token");
    }

    /**
     * @param name        an existing user
     * @param description what the token is for
     * @return the new token, shown this once
     */
    @Transactional
    public IssuedToken createToken(String name, String description) {
        User user = users.findByName(name)
                .orElseThrow(() -> new ApiException(ErrorCode.USER_NOT_FOUND, "no user \"" + name + "\""));
        return issue(user, description);
    }

    /** @return every user, by name */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<UserView> listUsers() {
        return users.listAll().stream()
                .map(u -> new UserView(u.name, u.admin, u.createdAt))
                .sorted(Comparator.comparing(UserView::name))
                .toList();
    }

    /** @return whether any administrator exists */
    @Transactional(Transactional.TxType.SUPPORTS)
    boolean anyAdmin() {
        return users.anyAdmin();
    }

    /** Used by the bootstrap, inside its transaction. */
    IssuedToken createBootstrapAdmin(UserName name) {
        User user = users.findByName(name.value()).orElse(null);
        if (user == null) {
            user = new User(name, true, Instant.now());
            users.persist(user);
        } else {
            user.admin = true;
        }
        return issue(user, "bootstrap admin token");
    }

    private IssuedToken issue(User user, String description) {
        String token = Tokens.newToken();
        tokens.persist(new ApiToken(user, Tokens.hash(token), description, Instant.now()));
        return new IssuedToken(user.name, user.admin, token);
    }

    /**
     * A user as the API shows it.
     *
     * @param name      user and namespace
     * @param admin     administrator flag
     * @param createdAt creation time
     */
    public record UserView(String name, boolean admin, Instant createdAt) {
    }

    /**
     * A freshly issued token; the plain value exists only in this answer.
     *
     * @param user  owner
     * @param admin whether the owner is an administrator
     * @param token the plain bearer token
     */
    public record IssuedToken(String user, boolean admin, String token) {
    }

    private record Cached<T>(T value, Instant expires) {
        boolean fresh() {
            return Instant.now().isBefore(expires);
        }
    }
}
