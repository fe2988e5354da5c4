package dev.slipway.worker.dockerfile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --name=value} flags at the start of an instruction's arguments, and the arguments after them.
 */
final class Flags {

    private final Map<String, List<String>> values;
    private final String rest;

    private Flags(Map<String, List<String>> values, String rest) {
        this.values = values;
        this.rest = rest;
    }

    /**
     * Splits leading flags off {@code args}.
     *
     * @param allowed the flag names the instruction accepts
     * @throws IllegalArgumentException with Docker's wording for an unknown flag
     */
    static Flags parse(String args, Set<String> allowed, char escape) {
        Map<String, List<String>> values = new HashMap<>();
        int pos = 0;
        String s = args;
        while (true) {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
            if (!s.startsWith("--", pos)) {
                break;
            }
            int end = wordEnd(s, pos, escape);
            String word = s.substring(pos, end);
            pos = end;
            if (word.equals("--")) {
                break;
            }
            String body = word.substring(2);
            int eq = body.indexOf('=');
            String name = (eq < 0 ? body : body.substring(0, eq)).toLowerCase(Locale.ROOT);
            String value = eq < 0 ? null : unquote(body.substring(eq + 1));
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException("unknown flag: " + name);
            }
            values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return new Flags(values, s.substring(pos).strip());
    }

    private static int wordEnd(String s, int pos, char escape) {
        char quote = 0;
        int i = pos;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == escape && quote != '\'' && i + 1 < s.length()) {
                i++;
            } else if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (Character.isWhitespace(c)) {
                break;
            }
        }
        return i;
    }

    /** A flag value wholly in matching quotes loses them ({@code --chown="1:1"}). */
    private static String unquote(String v) {
        if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    /** The arguments after the flags. */
    String rest() {
        return rest;
    }

    /** The value of a single-valued flag, null when absent; the last one wins when repeated. */
    String string(String name) {
        List<String> v = values.get(name);
        if (v == null) {
            return null;
        }
        String last = v.get(v.size() - 1);
        if (last == null) {
            throw new IllegalArgumentException("missing a value on flag: " + name);
        }
        return last;
    }

    /** Every value of a repeatable flag. */
    List<String> all(String name) {
        List<String> out = new ArrayList<>();
        for (String v : values.getOrDefault(name, List.of())) {
            if (v == null) {
                throw new IllegalArgumentException("missing a value on flag: " + name);
            }
            out.add(v);
        }
        return out;
    }

    /** A boolean flag: {@code --link}, {@code --link=true} or {@code --link=false}. */
    boolean bool(String name) {
        List<String> v = values.get(name);
        if (v == null) {
            return false;
        }
        String last = v.get(v.size() - 1);
        if (last == null || last.equalsIgnoreCase("true")) {
            return true;
        }
        if (last.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("expecting boolean value for flag " + name + ", not: " + last);
    }
}
