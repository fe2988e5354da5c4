package dev.slipway.layerstore.http;

import dev.slipway.common.oci.RepositoryName;
import dev.slipway.layerstore.auth.Action;
import dev.slipway.layerstore.auth.Requirement;
import dev.slipway.layerstore.auth.Scope;
import io.vertx.core.http.HttpMethod;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Which access a {@code /v2} request needs, from its method and path alone (so it is decided before anything is looked
 * up): pull for {@code GET}/{@code HEAD}, push for {@code POST}/{@code PATCH}/{@code PUT}, delete for {@code DELETE}
 * (cancelling one's own upload session is part of pushing: push), {@code registry:catalog:*} for {@code _catalog}, and
 * any valid token for {@code /v2/} and paths that name no repository. The path shapes and their greedy name match are
 * those of the resources and upload routes, and the name is percent-decoded as JAX-RS decodes path parameters, so the
 * repository checked is the repository served.
 */
final class AccessRules {

    private static final String PREFIX = "/v2/";

    private AccessRules() {
    }

    /**
     * The routes match {@code /v2/(.+)/blobs/uploads/<id>}, {@code …/blobs/uploads/?}, {@code …/blobs/<digest>},
     * {@code …/manifests/<reference>}, {@code …/tags/list} and {@code …/referrers/<digest>} with a greedy name, which
     * comes to: the last one or two path segments say what is asked, everything before them is the repository. Read
     * that way from the end of the path rather than with those regular expressions, whose backtracking would cost
     * more than the rest of the check.
     *
     * @param method the request method
     * @param path   the normalised request path, under {@code /v2}
     * @return what the request needs
     */
    static Requirement requirement(HttpMethod method, String path) {
        if (path.equals("/v2/_catalog")) {
            return Requirement.of(Scope.CATALOG);
        }
        if (!path.startsWith(PREFIX)) {
            return Requirement.ANY_VALID_TOKEN;
        }
        String rest = path.substring(PREFIX.length());
        int last = rest.lastIndexOf('/');
        int second = last <= 0 ? -1 : rest.lastIndexOf('/', last - 1);
        if (second <= 0) {
            return Requirement.ANY_VALID_TOKEN; // no repository name before the marker segment
        }
        String tail = rest.substring(last + 1);
        String marker = rest.substring(second + 1, last);
        String before = rest.substring(0, second);
        String name = null;
        boolean uploadSession = false;
        switch (marker) {
            case "uploads" -> {
                if (before.endsWith("/blobs") && before.length() > "/blobs".length()) {
                    name = before.substring(0, before.length() - "/blobs".length());
                    uploadSession = !tail.isEmpty(); // an empty tail is the trailing slash of POST …/uploads/
                }
            }
            case "blobs", "manifests", "referrers" -> name = tail.isEmpty() ? null : before;
            case "tags" -> name = tail.equals("list") ? before : null;
            default -> name = null;
        }
        if (name == null) {
            return Requirement.ANY_VALID_TOKEN;
        }
        boolean session = uploadSession;
        // A name that cannot exist is answered NAME_INVALID by the resource, which looks nothing up.
        return name(name).map(repository -> forRepository(method, repository, session))
                .orElse(Requirement.ANY_VALID_TOKEN);
    }

    private static Requirement forRepository(HttpMethod method, RepositoryName repository, boolean uploadSession) {
        if (method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH
                || (method == HttpMethod.DELETE && uploadSession)) {
            return Requirement.of(Scope.repository(repository, Action.PUSH),
                    Scope.repository(repository, Action.PULL, Action.PUSH));
        }
        if (method == HttpMethod.DELETE) {
            return Requirement.of(Scope.repository(repository, Action.DELETE));
        }
        return Requirement.of(Scope.repository(repository, Action.PULL)); // GET, HEAD, and anything else reads
    }

    private static Optional<RepositoryName> name(String raw) {
        try {
            return Optional.of(RepositoryName.parse(raw.indexOf('%') < 0 ? raw : percentDecoded(raw)));
        } catch (IllegalArgumentException e) { // InvalidReferenceException, or a malformed percent escape
            return Optional.empty();
        }
    }

    /** RFC 3986 percent-decoding ({@code +} stays a plus, as in paths). */
    private static String percentDecoded(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new IllegalArgumentException("truncated percent escape");
                }
                bytes.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
