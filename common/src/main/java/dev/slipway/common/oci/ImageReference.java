package dev.slipway.common.oci;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Objects;

/**
 * A fully qualified image reference {@code registry/repository[:tag][@digest]}, parsed with the Docker reference
 * grammar and Docker Hub normalisation, the way {@code docker pull} reads its argument:
 *
 * <ul>
 *   <li>{@code ubuntu} → {@code docker.io/library/ubuntu:latest};</li>
 *   <li>{@code ouruser/sinatra:v2} → {@code docker.io/ouruser/sinatra:v2};</li>
 *   <li>{@code index.docker.io/x/y} → {@code docker.io/x/y:latest} (the legacy Docker Index name);</li>
 *   <li>the first path element is a registry when it contains {@code .} or {@code :}, is {@code localhost}, or
 *       has upper-case letters: {@code localhost:5000/a/b:t}, {@code [::1]:5000/a}, {@code reg.example.com:443/x/y@sha256:…};</li>
 *   <li>a tag is only implied ({@code latest}) when neither tag nor digest is given; both may be given.</li>
 * </ul>
 *
 * {@code registry-1.docker.io} is left as written, as normalize.go does; {@link #apiHost()} maps Docker Hub to it.
 * Errors are {@link InvalidReferenceException}s that name the component and rule. Serialised to JSON as
 * {@link #toString()}.
 *
 * @param registry the registry host with optional port, e.g. {@code docker.io}, {@code localhost:5000}
 * @param repository the repository path within the registry
 * @param tag the tag, or {@code null} when only a digest is given (or "all tags" where a caller allows it)
 * @param digest the manifest digest, or {@code null}
 * @see <a href="https://github.com/distribution/reference/blob/main/reference.go">reference.go</a>
 * @see <a href="https://github.com/distribution/reference/blob/main/normalize.go">normalize.go</a>
 */
public record ImageReference(String registry, RepositoryName repository, Tag tag, Digest digest) {

    /** The canonical name of Docker Hub in references. */
    public static final String DOCKER_HUB = "docker.io";
    /** The legacy Docker Index name, normalised to {@link #DOCKER_HUB}. */
    public static final String LEGACY_DOCKER_HUB = "index.docker.io";
    /** The host that actually serves Docker Hub's registry API. */
    public static final String DOCKER_HUB_API_HOST = "registry-1.docker.io";
    private static final String OFFICIAL_PREFIX = "library/";

    /**
     * Normalises Docker Hub names ({@code index.docker.io} → {@code docker.io}, {@code ubuntu} →
     * {@code library/ubuntu}) and validates the registry.
     *
     * @throws InvalidReferenceException if the registry is malformed or the name is too long
     */
    public ImageReference {
        Objects.requireNonNull(repository, "repository");
        if (registry == null || registry.isEmpty()) {
            throw ReferenceGrammar.error(repository.value(), "registry must not be empty");
        }
        if (registry.equals(LEGACY_DOCKER_HUB)) {
            registry = DOCKER_HUB;
        }
        ReferenceGrammar.checkDomain(registry + "/" + repository, registry);
        if (registry.equals(DOCKER_HUB) && repository.value().indexOf('/') < 0) {
            repository = new RepositoryName(OFFICIAL_PREFIX + repository.value());
        }
        int nameLength = registry.length() + 1 + repository.value().length();
        if (nameLength > ReferenceGrammar.NAME_TOTAL_LENGTH_MAX) {
            throw ReferenceGrammar.error(registry + "/" + repository, "repository name must not be longer than "
                    + ReferenceGrammar.NAME_TOTAL_LENGTH_MAX + " characters including the registry (it has "
                    + nameLength + ")");
        }
    }

    /**
     * Parses a reference as {@code docker pull} does.
     *
     * @param input e.g. {@code ubuntu:14.04}, {@code localhost:5000/a/b:t}, {@code x/y@sha256:…}
     * @return the normalised reference; the tag is {@link Tag#LATEST} when neither tag nor digest is given
     * @throws InvalidReferenceException naming the component and the rule {@code input} breaks
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ImageReference parse(String input) {
        if (input == null || input.isEmpty()) {
            throw ReferenceGrammar.error("", "repository name must not be empty");
        }
        if (ReferenceGrammar.IDENTIFIER.matcher(input).matches()) {
            throw ReferenceGrammar.error(input,
                    "a 64-character hexadecimal string is an image ID, not a repository name");
        }
        if (input.contains("://")) {
            throw ReferenceGrammar.error(input, "a reference has no URL scheme (write host/repository:tag)");
        }
        String rest = input;
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            try {
                digest = Digest.parse(rest.substring(at + 1));
            } catch (InvalidDigestException e) {
                throw new InvalidReferenceException("invalid reference \"" + input + "\": " + e.getMessage(), e);
            }
            rest = rest.substring(0, at);
        }
        Tag tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon >= 0 && colon > rest.lastIndexOf('/')) {
            String tagText = rest.substring(colon + 1);
            ReferenceGrammar.checkTag(input, tagText);
            tag = new Tag(tagText);
            rest = rest.substring(0, colon);
        }
        if (rest.isEmpty()) {
            throw ReferenceGrammar.error(input, "repository name must not be empty");
        }

        String registry;
        String path;
        int slash = rest.indexOf('/');
        String first = slash < 0 ? null : rest.substring(0, slash);
        if (first != null && (first.equals("localhost") || first.contains(".") || first.contains(":")
                || first.startsWith("[") || !first.toLowerCase(Locale.ROOT).equals(first))) {
            registry = first;
            path = rest.substring(slash + 1);
        } else {
            registry = DOCKER_HUB;
            path = rest;
        }
        if (registry.equals(LEGACY_DOCKER_HUB)) {
            registry = DOCKER_HUB;
        }
        if (registry.isEmpty()) {
            throw ReferenceGrammar.error(input, "registry must not be empty");
        }
        ReferenceGrammar.checkDomain(input, registry);
        if (registry.equals(DOCKER_HUB) && path.indexOf('/') < 0 && !path.isEmpty()) {
            path = OFFICIAL_PREFIX + path;
        }
        ReferenceGrammar.checkPath(input, path);
        int nameLength = registry.length() + 1 + path.length();
        if (nameLength > ReferenceGrammar.NAME_TOTAL_LENGTH_MAX) {
            throw ReferenceGrammar.error(input, "repository name must not be longer than "
                    + ReferenceGrammar.NAME_TOTAL_LENGTH_MAX + " characters including the registry (it has "
                    + nameLength + ")");
        }
        if (tag == null && digest == null) {
            tag = Tag.LATEST;
        }
        return new ImageReference(registry, new RepositoryName(path), tag, digest);
    }

    /**
     * @param registry registry host with optional port
     * @param repository repository path
     * @param tag tag
     * @return a tagged reference
     */
    public static ImageReference of(String registry, RepositoryName repository, Tag tag) {
        return new ImageReference(registry, repository, tag, null);
    }

    /** @return whether this reference points at Docker Hub */
    public boolean isDockerHub() {
        return DOCKER_HUB.equals(registry);
    }

    /** @return the host (and port) to send registry API requests to: {@code registry-1.docker.io} for Docker Hub */
    public String apiHost() {
        return isDockerHub() ? DOCKER_HUB_API_HOST : registry;
    }

    /** @return {@code registry/repository}, without tag or digest */
    public String name() {
        return registry + "/" + repository.value();
    }

    /** @return the repository as docker shows it: {@code ubuntu}, {@code ouruser/sinatra}, {@code localhost/a/b} */
    public String familiarName() {
        if (!isDockerHub()) {
            return name();
        }
        String path = repository.value();
        if (path.startsWith(OFFICIAL_PREFIX) && path.indexOf('/', OFFICIAL_PREFIX.length()) < 0) {
            return path.substring(OFFICIAL_PREFIX.length());
        }
        return path;
    }

    /** @return the reference as docker shows it: {@code ubuntu:14.04}, {@code ouruser/sinatra:v2} */
    public String familiar() {
        return familiarName() + suffix();
    }

    /**
     * @param newTag the tag
     * @return this reference with {@code newTag} and without digest
     */
    public ImageReference withTag(Tag newTag) {
        return new ImageReference(registry, repository, newTag, null);
    }

    /** @return this repository without tag or digest (e.g. "every tag" where a caller allows it) */
    public ImageReference withoutTag() {
        return new ImageReference(registry, repository, null, null);
    }

    /**
     * @param newDigest the digest
     * @return this reference pinned to {@code newDigest}, keeping the tag
     */
    public ImageReference withDigest(Digest newDigest) {
        return new ImageReference(registry, repository, tag, newDigest);
    }

    /** @return the tag if present, else the digest string: what to put in {@code /v2/<name>/manifests/<reference>} */
    public String manifestReference() {
        return digest != null ? digest.toString() : tag != null ? tag.value() : Tag.LATEST.value();
    }

    /** @return the full normalised form, e.g. {@code docker.io/library/ubuntu:latest} */
    @JsonValue
    @Override
    public String toString() {
        return name() + suffix();
    }

    private String suffix() {
        return (tag == null ? "" : ":" + tag.value()) + (digest == null ? "" : "@" + digest);
    }
}
