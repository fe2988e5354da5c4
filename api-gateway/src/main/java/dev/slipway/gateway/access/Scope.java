package dev.slipway.gateway.access;

import dev.slipway.common.oci.InvalidReferenceException;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.gateway.error.ApiException;
import dev.slipway.gateway.error.ErrorCode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One resource scope a client asks a token for, {@code type:name:action[,action…]}, e.g.
 * {@code repository:ouruser/sinatra:pull,push} or {@code registry:catalog:*}. The type is everything before the first
 * {@code :} (a class suffix as in {@code repository(plugin)} is dropped), the actions everything after the last one,
 * the name what lies between.
 *
 * @param type    resource type, e.g. {@code repository}
 * @param name    resource name; for repositories a valid repository name
 * @param actions the actions asked for, in the order asked, without duplicates (unknown words kept: never granted)
 * @see <a href="https://distribution.github.io/distribution/spec/auth/scope/">Token scope documentation</a>
 */
public record Scope(String type, String name, Set<String> actions) {

    /** The resource type of repositories. */
    public static final String REPOSITORY = "repository";
    /** The resource type of registry-wide resources ({@code registry:catalog:*}). */
    public static final String REGISTRY = "registry";

    private static final Pattern TYPE = Pattern.compile("([a-z0-9]+)(?:\\([a-z0-9]+\\))?");
    private static final Pattern ACTION = Pattern.compile("[a-z]+|\\*");

    /** Immutable copy. */
    public Scope {
        actions = Collections.unmodifiableSet(new LinkedHashSet<>(actions));
    }

    /**
     * Parses every {@code scope} query parameter; a parameter may itself hold several scopes separated by spaces.
     *
     * @param params the raw parameter values
     * @return the scopes in the order given
     * @throws ApiException {@code invalid-scope} naming the malformed scope
     */
    public static List<Scope> parseAll(List<String> params) {
        List<Scope> scopes = new ArrayList<>();
        for (String param : params) {
            for (String one : param.trim().split(" +")) {
                if (!one.isEmpty()) {
                    scopes.add(parse(one));
                }
            }
        }
        return scopes;
    }

    /**
     * @param text one scope, {@code type:name:actions}
     * @return the scope
     * @throws ApiException {@code invalid-scope} naming the rule broken
     */
    public static Scope parse(String text) {
        int first = text.indexOf(':');
        int last = text.lastIndexOf(':');
        if (first <= 0 || last == first || last == first + 1) {
            throw invalid(text, "a scope is type:name:actions, e.g. repository:ouruser/app:pull,push");
        }
        var type = TYPE.matcher(text.substring(0, first));
        if (!type.matches()) {
            throw invalid(text, "the resource type must be lowercase letters and digits, optionally with a (class)");
        }
        String name = text.substring(first + 1, last);
        Set<String> actions = new LinkedHashSet<>();
        for (String action : text.substring(last + 1).split(",", -1)) {
            if (!ACTION.matcher(action).matches()) {
                throw invalid(text, "actions must be a comma-separated list of words such as pull,push or *");
            }
            actions.add(action);
        }
        if (REPOSITORY.equals(type.group(1))) {
            try {
                RepositoryName.parse(name);
            } catch (InvalidReferenceException e) {
                throw invalid(text, e.getMessage());
            }
        }
        return new Scope(type.group(1), name, actions);
    }

    private static ApiException invalid(String text, String why) {
        return new ApiException(ErrorCode.INVALID_SCOPE, "scope \"" + text + "\" is malformed: " + why);
    }

    /** @return whether this asks for repository access */
    public boolean isRepository() {
        return REPOSITORY.equals(type);
    }

    /** @return whether this is {@code registry:catalog:*}-like: the repository listing */
    public boolean isCatalog() {
        return REGISTRY.equals(type) && "catalog".equals(name);
    }

    /** @return the repository actions asked for; {@code *} stands for all of them, unknown words for none */
    public Set<Action> repositoryActions() {
        Set<Action> asked = new LinkedHashSet<>();
        for (String action : actions) {
            if (action.equals("*")) {
                asked.addAll(List.of(Action.values()));
            } else {
                Action.fromWire(action).ifPresent(asked::add);
            }
        }
        return asked;
    }
}
