package dev.slipway.registry.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code WWW-Authenticate} challenge: the scheme ({@code basic} or {@code bearer}, lower-cased) and its
 * parameters ({@code realm}, {@code service}, {@code scope}, {@code error}). The only place that parses the header.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7235#section-2.1">RFC 7235 section 2.1</a>
 * @see <a href="https://distribution.github.io/distribution/spec/auth/token/">Docker token authentication</a>
 */
record AuthChallenge(String scheme, Map<String, String> params) {

    static final String BASIC = "basic";
    static final String BEARER = "bearer";

    AuthChallenge {
        params = Map.copyOf(params);
    }

    /** A parameter by its (case-insensitive) name. */
    Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name.toLowerCase(Locale.ROOT)));
    }

    /**
     * Picks the challenge to answer from all {@code WWW-Authenticate} headers of a response: Bearer if offered, else
     * Basic.
     *
     * @throws RegistryException if no header carries a scheme this client speaks
     */
    static AuthChallenge select(String registry, List<String> headerValues) throws RegistryException {
        AuthChallenge basic = null;
        for (String value : headerValues) {
            for (AuthChallenge c : parseAll(value)) {
                if (BEARER.equals(c.scheme)) {
                    if (c.param("realm").isEmpty()) {
                        throw new RegistryException(registry + " sent a Bearer challenge without a realm: " + value);
                    }
                    return c;
                }
                if (BASIC.equals(c.scheme) && basic == null) {
                    basic = c;
                }
            }
        }
        if (basic == null) {
            throw new RegistryException(registry + " requires authentication with an unsupported scheme: "
                    + (headerValues.isEmpty() ? "(no WWW-Authenticate header)" : String.join(" | ", headerValues)));
        }
        return basic;
    }

    /**
     * Parses one header value, which may hold several challenges:
     * {@code Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/centos:pull"}.
     */
    static List<AuthChallenge> parseAll(String header) {
        Parser p = new Parser(header);
        List<AuthChallenge> result = new java.util.ArrayList<>();
        p.skipSeparators();
        while (!p.atEnd()) {
            String scheme = p.token();
            if (scheme.isEmpty()) {
                p.pos++; // stray character: skip it
                p.skipSeparators();
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            while (true) {
                p.skipSpaces();
                int mark = p.pos;
                String name = p.token();
                p.skipSpaces();
                if (name.isEmpty() || !p.consume('=')) {
                    // not "name=": this token starts the next challenge
                    p.pos = mark;
                    break;
                }
                p.skipSpaces();
                String value = p.peek() == '"' ? p.quoted() : p.token();
                params.put(name.toLowerCase(Locale.ROOT), value);
                p.skipSpaces();
                if (!p.consume(',')) {
                    break;
                }
            }
            result.add(new AuthChallenge(scheme.toLowerCase(Locale.ROOT), params));
            p.skipSeparators();
        }
        return result;
    }

    /** A cursor over the header text. */
    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s == null ? "" : s;
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        char peek() {
            return atEnd() ? 0 : s.charAt(pos);
        }

        boolean consume(char c) {
            if (peek() == c) {
                pos++;
                return true;
            }
            return false;
        }

        void skipSpaces() {
            while (!atEnd() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
                pos++;
            }
        }

        void skipSeparators() {
            while (!atEnd() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t' || s.charAt(pos) == ',')) {
                pos++;
            }
        }

        /** An RFC 7230 token, also accepting '/' and ':' so that unquoted realm URLs from lax servers survive. */
        String token() {
            int start = pos;
            while (!atEnd() && isTokenChar(s.charAt(pos))) {
                pos++;
            }
            return s.substring(start, pos);
        }

        String quoted() {
            StringBuilder out = new StringBuilder();
            pos++; // opening quote
            while (!atEnd() && s.charAt(pos) != '"') {
                if (s.charAt(pos) == '\\' && pos + 1 < s.length()) {
                    pos++;
                }
                out.append(s.charAt(pos++));
            }
            pos++; // closing quote (or end)
            return out.toString();
        }

        private static boolean isTokenChar(char c) {
            return c > ' ' && c < 127 && "\"(),;<=>?@[\\]{}".indexOf(c) < 0;
        }
    }
}
