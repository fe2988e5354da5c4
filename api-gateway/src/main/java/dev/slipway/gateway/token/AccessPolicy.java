package dev.slipway.gateway.token;

import dev.slipway.common.oci.RepositoryName;
import dev.slipway.gateway.access.Action;
import dev.slipway.gateway.access.RepositoryPattern;
import dev.slipway.gateway.access.Scope;
import dev.slipway.gateway.registry.LayerStore;
import dev.slipway.gateway.registry.LayerStoreException;
import dev.slipway.gateway.robot.RobotAccount;
import dev.slipway.gateway.tenant.Caller;
import dev.slipway.gateway.tenant.NamespacePolicy;
import dev.slipway.gateway.tenant.RepositoryVisibility;
import dev.slipway.gateway.tenant.TenantService;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Decides which part of the asked scopes a requester gets: never refusing wholesale, always the subset it has.
 * <ul>
 * <li>a user: pull, push and delete in its own namespace; pull on system-owned namespaces (no user's, such as the
 * mirrored {@code library/*}) and on public repositories; an administrator: everything;</li>
 * <li>a robot: its patterns and actions, and never more than the user who made it could do;</li>
 * <li>nobody: pull on public repositories;</li>
 * <li>{@code registry:catalog:*} to any authenticated requester, with the {@code pullable} patterns that let the
 * layer-store filter the catalog.</li>
 * </ul>
 */
@ApplicationScoped
class AccessPolicy {

    private static final Logger LOG = Logger.getLogger(AccessPolicy.class);
    /** The system namespace every user may pull even when the registry cannot be asked for the others. */
    private static final RepositoryPattern LIBRARY = RepositoryPattern.namespace("library");
    private static final RepositoryPattern EVERYTHING = new RepositoryPattern("*");
    /** How long the system-owned part of the catalog is reused: new mirrors show in users' catalogs after this. */
    private static final Duration SYSTEM_PATTERNS_TTL = Duration.ofSeconds(30);

    private final NamespacePolicy namespaces;
    private final RepositoryVisibility visibility;
    private final TenantService tenants;
    private final LayerStore layerStore;
    private volatile Cached systemPatterns = new Cached(List.of(), Instant.MIN);

    AccessPolicy(NamespacePolicy namespaces, RepositoryVisibility visibility, TenantService tenants,
            LayerStore layerStore) {
        this.namespaces = namespaces;
        this.visibility = visibility;
        this.tenants = tenants;
        this.layerStore = layerStore;
    }

    private record Cached(List<String> patterns, Instant expires) {
    }

    /**
     * What a token carries.
     *
     * @param access   the granted entries, one per resource
     * @param pullable the repository patterns the requester may pull; {@code null} unless the catalog is granted
     */
    record Grant(List<AccessEntry> access, List<String> pullable) {
    }

    /**
     * @param who    the authenticated requester
     * @param scopes what it asks for
     * @return the subset it has
     */
    Grant grant(Requester who, List<Scope> scopes) {
        Map<String, Set<Action>> repositories = new LinkedHashMap<>();
        boolean catalog = false;
        for (Scope scope : scopes) {
            if (scope.isRepository()) {
                Set<Action> granted = EnumSet.noneOf(Action.class);
                granted.addAll(scope.repositoryActions());
                granted.retainAll(allowed(who, scope.name()));
                repositories.computeIfAbsent(scope.name(), n -> EnumSet.noneOf(Action.class)).addAll(granted);
            } else if (scope.isCatalog() && scope.actions().contains("*") && !(who instanceof Requester.Anonymous)) {
                catalog = true;
            }
        }
        List<AccessEntry> access = new ArrayList<>();
        repositories.forEach((name, actions) -> {
            if (!actions.isEmpty()) {
                access.add(new AccessEntry(Scope.REPOSITORY, name, actions.stream().map(Action::wire).toList()));
            }
        });
        if (catalog) {
            access.add(new AccessEntry(Scope.REGISTRY, "catalog", List.of("*")));
        }
        return new Grant(access, catalog ? pullable(who) : null);
    }

    private Set<Action> allowed(Requester who, String repository) {
        if (who instanceof Requester.User user) {
            return allowed(user.caller(), repository);
        }
        if (who instanceof Requester.Robot robot) {
            return allowed(robot.robot(), repository);
        }
        if (who instanceof Requester.Gateway) {
            return EnumSet.allOf(Action.class);
        }
        return visibility.isPublic(repository) ? EnumSet.of(Action.PULL) : EnumSet.noneOf(Action.class);
    }

    private Set<Action> allowed(Caller user, String repository) {
        if (namespaces.canWrite(user, repository)) {
            return EnumSet.allOf(Action.class);
        }
        return namespaces.canRead(user, repository) ? EnumSet.of(Action.PULL) : EnumSet.noneOf(Action.class);
    }

    private Set<Action> allowed(RobotAccount robot, String repository) {
        if (!robot.covers(repository)) {
            return EnumSet.noneOf(Action.class);
        }
        Set<Action> actions = EnumSet.copyOf(robot.actions());
        if (!robot.system()) {
            // Bounded by its creator's rights today, not at its creation: a robot never outlives a demotion.
            actions.retainAll(tenants.user(robot.createdBy()).map(creator -> allowed(creator, repository))
                    .orElse(EnumSet.noneOf(Action.class)));
        }
        return actions;
    }

    /** Only for authenticated requesters: anonymous ones never get the catalog. */
    private List<String> pullable(Requester who) {
        Set<String> patterns = new LinkedHashSet<>();
        if (who instanceof Requester.Robot robot) {
            if (robot.robot().actions().contains(Action.PULL)) {
                robot.robot().repositories().forEach(p -> patterns.add(p.value()));
            }
        } else if (who instanceof Requester.User user && !user.caller().admin()) {
            patterns.add(RepositoryPattern.namespace(user.caller().name()).value());
            patterns.addAll(systemPatterns());
            patterns.addAll(visibility.publicNames().stream().sorted().toList());
        } else {
            patterns.add(EVERYTHING.value());
        }
        return List.copyOf(patterns);
    }

    /**
     * Patterns for the system-owned repositories: a glob is an allow-list and cannot say "every namespace that is no
     * user's", so the namespaces are read from the registry's catalog, {@code <ns>/*} for each system-owned one and
     * the exact name of each single-component repository.
     */
    private List<String> systemPatterns() {
        Cached cached = systemPatterns;
        if (Instant.now().isBefore(cached.expires())) {
            return cached.patterns();
        }
        Set<String> patterns = new LinkedHashSet<>(List.of(LIBRARY.value()));
        try {
            for (RepositoryName repository : layerStore.repositories()) {
                String name = repository.value();
                int slash = name.indexOf('/');
                String namespace = slash < 0 ? name : name.substring(0, slash);
                if (namespaces.isSystemNamespace(namespace)) {
                    patterns.add(slash < 0 ? name : RepositoryPattern.namespace(namespace).value());
                }
            }
        } catch (LayerStoreException e) {
            // The catalog then shows less than the caller may pull, never more; the next request tries again.
            LOG.debugf("cannot read the registry catalog for pullable patterns: %s", e.getMessage());
            return List.copyOf(patterns);
        }
        List<String> result = List.copyOf(patterns);
        systemPatterns = new Cached(result, Instant.now().plus(SYSTEM_PATTERNS_TTL));
        return result;
    }
}
