package dev.slipway.common.oci;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The pieces of the Docker reference grammar, in one place, with checks that say which rule a value breaks.
 *
 * <pre>
 * reference        := name [ ":" tag ] [ "@" digest ]
 * name             := [domain '/'] remote-name
 * domain           := host [':' port-number]
 * host             := domain-name | IPv4address | \[ IPv6address \]
 * domain-component := /([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])/
 * path-component   := alpha-numeric [separator alpha-numeric]*
 * alpha-numeric    := /[a-z0-9]+/
 * separator        := /[_.]|__|[-]+/
 * tag              := /[\w][\w.-]{0,127}/
 * </pre>
 *
 * @see <a href="https://github.com/distribution/reference/blob/main/reference.go">distribution/reference</a>
 */
final class ReferenceGrammar {
    /** Longest repository name (without the registry) that the grammar allows. */
    static final int NAME_TOTAL_LENGTH_MAX = 255;
    /** Longest tag. */
    static final int TAG_LENGTH_MAX = 128;

    static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    static final Pattern TAG = Pattern.compile("[\\w][\\w.-]*");
    private static final Pattern DOMAIN_NAME =
            Pattern.compile("(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
                    + "(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*");
    private static final Pattern IPV6 = Pattern.compile("\\[[a-fA-F0-9:]+\\]");
    private static final Pattern PORT = Pattern.compile("[0-9]+");
    /** A bare 64-hex string is an image ID, never a repository name. */
    static final Pattern IDENTIFIER = Pattern.compile("[a-f0-9]{64}");

    private ReferenceGrammar() {
    }

    /**
     * Checks a repository path such as {@code library/ubuntu}.
     *
     * @param input the whole user input, for the message
     * @param path the path to check
     */
    static void checkPath(String input, String path) {
        if (path.isEmpty()) {
            throw error(input, "repository name must not be empty");
        }
        if (path.length() > NAME_TOTAL_LENGTH_MAX) {
            throw error(input, "repository name must not be longer than " + NAME_TOTAL_LENGTH_MAX
                    + " characters (it has " + path.length() + ")");
        }
        if (!path.toLowerCase(Locale.ROOT).equals(path)) {
            throw error(input, "repository name must be lowercase");
        }
        String[] components = path.split("/", -1);
        for (int i = 0; i < components.length; i++) {
            String c = components[i];
            if (c.isEmpty()) {
                throw error(input, "repository name component " + (i + 1) + " is empty"
                        + " (no leading, trailing or double '/')");
            }
            if (!PATH_COMPONENT.matcher(c).matches()) {
                throw error(input, "repository name component \"" + c + "\" must be lowercase letters and digits"
                        + " separated by '.', '_', '__' or '-' (and may not start or end with a separator)");
            }
        }
    }

    /**
     * Checks a registry host with optional port: a domain name, IPv4 address or bracketed IPv6 address.
     *
     * @param input the whole user input, for the message
     * @param domain the registry part
     */
    static void checkDomain(String input, String domain) {
        String host = domain;
        String port = null;
        if (domain.startsWith("[")) {
            int close = domain.indexOf(']');
            if (close < 0) {
                throw error(input, "registry \"" + domain + "\" has an unterminated IPv6 address");
            }
            host = domain.substring(0, close + 1);
            String rest = domain.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw error(input, "registry \"" + domain + "\" must be [IPv6] optionally followed by :port");
                }
                port = rest.substring(1);
            }
            if (!IPV6.matcher(host).matches()) {
                throw error(input, "registry \"" + domain + "\" has an invalid IPv6 address");
            }
        } else {
            int colon = domain.indexOf(':');
            if (colon >= 0) {
                host = domain.substring(0, colon);
                port = domain.substring(colon + 1);
            }
            if (!DOMAIN_NAME.matcher(host).matches()) {
                throw error(input, "registry host \"" + host + "\" must be dot-separated labels of letters, digits"
                        + " and inner hyphens, or an IP address");
            }
        }
        if (port != null && !PORT.matcher(port).matches()) {
            throw error(input, "registry port \"" + port + "\" must be a number");
        }
    }

    /**
     * Checks a tag.
     *
     * @param input the whole user input, for the message
     * @param tag the tag
     */
    static void checkTag(String input, String tag) {
        if (tag.isEmpty()) {
            throw error(input, "tag must not be empty");
        }
        if (tag.length() > TAG_LENGTH_MAX) {
            throw new InvalidReferenceException("invalid reference \"" + input + "\": tag \"" + tag
                    + "\" is longer than " + TAG_LENGTH_MAX + " characters");
        }
        if (!TAG.matcher(tag).matches()) {
            throw error(input, "tag \"" + tag + "\" must start with a letter, digit or '_' and contain only"
                    + " letters, digits, '_', '.' and '-'");
        }
    }

    static InvalidReferenceException error(String input, String rule) {
        return new InvalidReferenceException("invalid reference \"" + input + "\": " + rule);
    }
}
