package dev.slipway.worker.dockerfile;

import dev.slipway.worker.dockerfile.Instruction.ArgDeclaration;
import dev.slipway.worker.dockerfile.ShellLex.ExpansionException;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Docker's scoping of build arguments and environment variables within one stage (or, for
 * {@link #global}, before the first FROM):
 * <ul>
 *   <li>a global ARG is visible only in FROM lines, unless a stage redeclares it ({@code ARG NAME});</li>
 *   <li>a build argument given with the job overrides the default of a declared ARG, and is ignored
 *       when no ARG declares it (except the predefined proxy arguments);</li>
 *   <li>an ENV variable wins over an ARG of the same name in expansions;</li>
 *   <li>declared ARGs are environment variables of RUN steps but never part of the image config.</li>
 * </ul>
 * Mutable, one per stage being built; not thread-safe.
 *
 * @see <a href="https://docs.docker.com/reference/dockerfile/#arg">ARG</a>
 */
public final class VariableScope {

    /** Arguments Docker lets a build use without declaring them. */
    public static final Set<String> PREDEFINED_PROXY_ARGS = Set.of("HTTP_PROXY", "http_proxy", "HTTPS_PROXY",
            "https_proxy", "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy");

    private final Map<String, String> globals;
    private final Map<String, String> buildArgs;
    private final Map<String, String> args = new LinkedHashMap<>();
    private final Map<String, String> env;

    private VariableScope(Map<String, String> globals, Map<String, String> buildArgs, Map<String, String> env) {
        this.globals = globals;
        this.buildArgs = buildArgs;
        this.env = new LinkedHashMap<>(env);
    }

    /**
     * The scope before the first FROM, seeded with the automatic platform arguments.
     *
     * @param buildArgs the build arguments given with the job
     * @param platform automatic arguments such as {@code TARGETARCH}, visible without declaration here
     */
    public static VariableScope global(Map<String, String> buildArgs, Map<String, String> platform) {
        VariableScope s = new VariableScope(Map.of(), Map.copyOf(buildArgs), Map.of());
        s.args.putAll(platform);
        return s;
    }

    /**
     * A stage's scope.
     *
     * @param global the global scope after all global ARGs were declared
     * @param imageEnv the base image's environment, in order
     */
    public static VariableScope stage(VariableScope global, Map<String, String> imageEnv) {
        return new VariableScope(Collections.unmodifiableMap(new HashMap<>(global.args)), global.buildArgs, imageEnv);
    }

    /**
     * Declares the arguments of an ARG instruction in order; a default may refer to what is already in scope,
     * including arguments declared earlier on the same line.
     */
    public void declare(Instruction.Arg arg, ShellLex lex) throws ExpansionException {
        for (ArgDeclaration a : arg.arguments()) {
            String value;
            if (buildArgs.containsKey(a.name())) {
                value = buildArgs.get(a.name());
            } else if (a.defaultValue() != null) {
                value = lex.processWord(a.defaultValue(), expansionEnv()).word();
            } else {
                value = globals.get(a.name());
            }
            args.remove(a.name());
            args.put(a.name(), value);
        }
    }

    /** Sets environment variables (an ENV instruction, already expanded). */
    public void setEnv(Instruction.Env expanded) {
        for (Instruction.KeyValue kv : expanded.variables()) {
            env.remove(kv.key());
            env.put(kv.key(), kv.value());
        }
    }

    /** The variables an expandable instruction sees: declared ARGs with a value, overlaid by ENV. */
    public Map<String, String> expansionEnv() {
        Map<String, String> m = new HashMap<>();
        args.forEach((k, v) -> {
            if (v != null) {
                m.put(k, v);
            }
        });
        m.putAll(env);
        return m;
    }

    /** The image's environment as it stands (what goes into the config's Env). */
    public Map<String, String> imageEnv() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(env));
    }

    /**
     * The environment of a RUN step: the image environment plus declared ARGs (ENV wins) plus proxy
     * arguments given with the job.
     */
    public Map<String, String> runEnv() {
        Map<String, String> m = new LinkedHashMap<>(env);
        args.forEach((k, v) -> {
            if (v != null) {
                m.putIfAbsent(k, v);
            }
        });
        buildArgs.forEach((k, v) -> {
            if (PREDEFINED_PROXY_ARGS.contains(k)) {
                m.putIfAbsent(k, v);
            }
        });
        return Collections.unmodifiableMap(m);
    }

    /**
     * The declared arguments that have a value and are not shadowed by ENV: what a RUN step's cache key must
     * include, since they reach the step only through its environment.
     */
    public Map<String, String> effectiveArgs() {
        Map<String, String> m = new java.util.TreeMap<>();
        args.forEach((k, v) -> {
            if (v != null && !env.containsKey(k)) {
                m.put(k, v);
            }
        });
        return Collections.unmodifiableMap(m);
    }
}
