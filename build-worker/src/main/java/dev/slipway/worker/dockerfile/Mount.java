package dev.slipway.worker.dockerfile;

import dev.slipway.worker.dockerfile.ShellLex.ExpansionException;
import java.util.Map;
import java.util.Objects;

/**
 * A {@code RUN --mount=type=...} option. Fields not meaningful for a type are null.
 *
 * @param type the mount type
 * @param target the path inside the container
 * @param id cache or secret id (cache: defaults to the target; secret: defaults to the target's base name)
 * @param source path in the {@code from} stage/image or the context for bind mounts
 * @param from stage name, image or null (the build context) for bind and cache mounts
 * @param readOnly bind mounts are read-only unless {@code rw}; caches are writable unless {@code ro}
 * @param sharing for caches: {@code shared}, {@code private} or {@code locked}
 * @param mode file mode for a cache directory or secret file
 * @param uid owner uid of the cache directory or secret file
 * @param gid owner gid of the cache directory or secret file
 * @param required for secrets: fail the step when the secret is not provided
 * @see <a href="https://docs.docker.com/reference/dockerfile/#run---mount">RUN --mount</a>
 */
public record Mount(Type type, String target, String id, String source, String from, boolean readOnly,
                    String sharing, Integer mode, Integer uid, Integer gid, boolean required) {

    /** The mount types of BuildKit's Dockerfile frontend that Slipway supports. */
    public enum Type { BIND, CACHE, SECRET, TMPFS }

    public Mount {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(target, "target");
    }

    Mount expand(ShellLex lex, Map<String, String> env) throws ExpansionException {
        return new Mount(type, lex.processWord(target, env).word(), id == null ? null : lex.processWord(id, env).word(),
                source == null ? null : lex.processWord(source, env).word(),
                from == null ? null : lex.processWord(from, env).word(), readOnly, sharing, mode, uid, gid, required);
    }
}
