package dev.slipway.worker.dockerfile;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Docker's word processing for the instructions that expand variables (FROM, COPY, ADD, ENV, LABEL, ARG,
 * EXPOSE, USER, WORKDIR, VOLUME, STOPSIGNAL): {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-w}},
 * {@code ${VAR-w}}, {@code ${VAR:+w}}, {@code ${VAR+w}}, {@code ${VAR:?msg}}, {@code ${VAR?msg}}, prefix and
 * suffix removal ({@code #}, {@code ##}, {@code %}, {@code %%}) and substitution ({@code /}, {@code //}),
 * single and double quotes, and the escape character of the Dockerfile's {@code # escape=} directive.
 *
 * <p>Immutable and thread-safe; every call returns the names it looked up so a cache key can name the
 * build arguments that a step really used.
 *
 * @see <a href="https://docs.docker.com/reference/dockerfile/#environment-replacement">Environment replacement</a>
 */
public final class ShellLex {

    private final char escape;

    /**
     * @param escape the Dockerfile's escape character ({@code \} or {@code `})
     */
    public ShellLex(char escape) {
        this.escape = escape;
    }

    /** The escape character this lexer honours. */
    public char escape() {
        return escape;
    }

    /**
     * The result of processing: the words and the variable names that were looked up.
     *
     * @param words the produced words
     * @param referenced every variable name the input referred to, in order of first use
     */
    public record Result(List<String> words, Set<String> referenced) {
        public Result {
            words = List.copyOf(words);
            referenced = Set.copyOf(referenced);
        }

        /** The single word of a {@link #processWord} result. */
        public String word() {
            return words.isEmpty() ? "" : words.get(0);
        }
    }

    /**
     * Processes one word: quotes are removed, escapes resolved and variables expanded; whitespace is kept.
     *
     * @throws ExpansionException for a malformed substitution, an unterminated quote, or {@code ${VAR?msg}}
     *     when the variable is unset
     */
    public Result processWord(String word, Map<String, String> env) throws ExpansionException {
        Scanner s = new Scanner(word, env, false, false);
        StringBuilder out = new StringBuilder();
        s.processInto(out, -1, null);
        return new Result(List.of(out.toString()), s.referenced);
    }

    /**
     * Processes a line into words split at unquoted whitespace (EXPOSE, and the legacy space-separated forms).
     * Whitespace inside quotes or produced by an expansion inside quotes is kept; whitespace produced by an
     * unquoted expansion splits words, like Docker.
     */
    public Result processWords(String line, Map<String, String> env) throws ExpansionException {
        Scanner s = new Scanner(line, env, false, false);
        List<String> words = new ArrayList<>();
        s.processInto(new StringBuilder(), -1, words);
        return new Result(words, s.referenced);
    }

    /**
     * Expands variables only, keeping quotes and escape characters as written: used for the content of a
     * heredoc whose delimiter is unquoted ({@code COPY <<EOF /path}).
     */
    public Result expandRaw(String text, Map<String, String> env) throws ExpansionException {
        Scanner s = new Scanner(text, env, true, true);
        StringBuilder out = new StringBuilder();
        s.processInto(out, -1, null);
        return new Result(List.of(out.toString()), s.referenced);
    }

    /** Thrown when a word cannot be processed; the message is the reason as Docker words it. */
    public static final class ExpansionException extends Exception {
        private static final long serialVersionUID = 1L;

        ExpansionException(String message) {
            super(message);
        }
    }

    /** One pass over one input; not thread-safe, made per call. */
    private final class Scanner {
        private final String in;
        private final Map<String, String> env;
        private final boolean rawQuotes;
        private final boolean rawEscapes;
        private final Set<String> referenced = new LinkedHashSet<>();
        private int pos;

        Scanner(String in, Map<String, String> env, boolean rawQuotes, boolean rawEscapes) {
            this.in = in;
            this.env = env;
            this.rawQuotes = rawQuotes;
            this.rawEscapes = rawEscapes;
        }

        private boolean atEnd() {
            return pos >= in.length();
        }

        private char peek() {
            return in.charAt(pos);
        }

        /**
         * Reads up to and including {@code stop}, or to the end when {@code stop} is negative. When {@code words} is not
         * null, unquoted whitespace ends a word and finished words are added to it.
         */
        void processInto(StringBuilder out, int stop, List<String> words) throws ExpansionException {
            boolean inWord = false;
            while (!atEnd()) {
                char ch = peek();
                if (stop >= 0 && ch == stop) {
                    pos++;
                    return;
                }
                if (words != null && Character.isWhitespace(ch)) {
                    pos++;
                    if (inWord) {
                        words.add(out.toString());
                        out.setLength(0);
                        inWord = false;
                    }
                    continue;
                }
                inWord = true;
                if (ch == '\'') {
                    singleQuoted(out);
                } else if (ch == '"') {
                    doubleQuoted(out);
                } else if (ch == '$') {
                    String value = dollar();
                    if (words != null) {
                        // An unquoted expansion is split at whitespace, like the shell's field splitting.
                        inWord = appendSplit(out, value, words);
                    } else {
                        out.append(value);
                    }
                } else if (ch == escape) {
                    pos++;
                    if (atEnd()) {
                        if (rawEscapes) {
                            out.append(escape);
                        }
                        break;
                    }
                    if (rawEscapes) {
                        out.append(escape);
                    }
                    out.append(in.charAt(pos++));
                } else {
                    out.append(ch);
                    pos++;
                }
            }
            if (stop >= 0) {
                throw new ExpansionException("syntax error: missing '" + (char) stop + "'");
            }
            if (words != null && inWord) {
                words.add(out.toString());
                out.setLength(0);
            }
        }

        private boolean appendSplit(StringBuilder out, String value, List<String> words) {
            boolean inWord = true;
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (Character.isWhitespace(c)) {
                    if (out.length() > 0) {
                        words.add(out.toString());
                        out.setLength(0);
                    }
                    inWord = false;
                } else {
                    out.append(c);
                    inWord = true;
                }
            }
            return inWord || out.length() > 0;
        }

        private void singleQuoted(StringBuilder out) throws ExpansionException {
            pos++; // opening quote
            if (rawQuotes) {
                out.append('\'');
            }
            while (true) {
                if (atEnd()) {
                    throw new ExpansionException("unexpected end of statement while looking for matching single-quote");
                }
                char ch = in.charAt(pos++);
                if (ch == '\'') {
                    if (rawQuotes) {
                        out.append('\'');
                    }
                    return;
                }
                out.append(ch);
            }
        }

        private void doubleQuoted(StringBuilder out) throws ExpansionException {
            pos++; // opening quote
            if (rawQuotes) {
                out.append('"');
            }
            while (true) {
                if (atEnd()) {
                    throw new ExpansionException("unexpected end of statement while looking for matching double-quote");
                }
                char ch = peek();
                if (ch == '"') {
                    pos++;
                    if (rawQuotes) {
                        out.append('"');
                    }
                    return;
                }
                if (ch == '$') {
                    out.append(dollar());
                    continue;
                }
                pos++;
                if (ch == escape && !rawEscapes && !atEnd()) {
                    char next = peek();
                    // Inside double quotes only ", $ and the escape character itself can be escaped.
                    if (next == '"' || next == '$' || next == escape) {
                        out.append(next);
                        pos++;
                        continue;
                    }
                }
                out.append(ch);
            }
        }

        /** At a '$': returns the expansion. */
        private String dollar() throws ExpansionException {
            pos++; // '$'
            if (atEnd()) {
                return "$";
            }
            if (peek() != '{') {
                String name = name();
                if (name.isEmpty()) {
                    return "$";
                }
                return lookup(name) == null ? "" : lookup(name);
            }
            pos++; // '{'
            String name = name();
            if (name.isEmpty()) {
                throw new ExpansionException("bad substitution: missing variable name in ${}");
            }
            if (atEnd()) {
                throw new ExpansionException("syntax error: missing '}'");
            }
            String value = lookup(name);
            char ch = in.charAt(pos++);
            switch (ch) {
                case '}':
                    return value == null ? "" : value;
                case ':': {
                    if (atEnd()) {
                        throw new ExpansionException("syntax error: missing '}'");
                    }
                    char mod = in.charAt(pos++);
                    String word = nestedWord();
                    boolean setNonEmpty = value != null && !value.isEmpty();
                    switch (mod) {
                        case '-':
                            return setNonEmpty ? value : word;
                        case '+':
                            return setNonEmpty ? word : "";
                        case '?':
                            if (!setNonEmpty) {
                                throw new ExpansionException(name + ": " + (word.isEmpty() ? "is not allowed to be empty" : word));
                            }
                            return value;
                        default:
                            throw new ExpansionException("unsupported modifier (" + mod + ") in substitution");
                    }
                }
                case '-':
                    return value != null ? consume(value) : nestedWord();
                case '+': {
                    String word = nestedWord();
                    return value != null ? word : "";
                }
                case '?': {
                    String word = nestedWord();
                    if (value == null) {
                        throw new ExpansionException(name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word));
                    }
                    return value;
                }
                case '#':
                case '%': {
                    boolean longest = !atEnd() && peek() == ch;
                    if (longest) {
                        pos++;
                    }
                    String pattern = nestedPattern('}');
                    String v = value == null ? "" : value;
                    return ch == '#' ? trimPrefix(v, pattern, longest) : trimSuffix(v, pattern, longest);
                }
                case '/': {
                    boolean all = !atEnd() && peek() == '/';
                    if (all) {
                        pos++;
                    }
                    String pattern = nestedPattern('/');
                    String replacement = nestedWord();
                    String v = value == null ? "" : value;
                    return substitute(v, pattern, replacement, all);
                }
                default:
                    throw new ExpansionException("unsupported modifier (" + ch + ") in substitution");
            }
        }

        /** Skips to the closing brace after a set variable whose default word is not needed, still tracking names. */
        private String consume(String value) throws ExpansionException {
            nestedWord();
            return value;
        }

        /** The word of a modifier: processed (quotes, escapes, nested variables) up to the closing brace. */
        private String nestedWord() throws ExpansionException {
            StringBuilder sb = new StringBuilder();
            processInto(sb, '}', null);
            return sb.toString();
        }

        /**
         * A pattern of {@code #}, {@code %} or {@code /}: variables are expanded, escapes are kept so that
         * {@code \*} stays a literal star when the pattern is compiled.
         */
        private String nestedPattern(char stop) throws ExpansionException {
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (atEnd()) {
                    throw new ExpansionException("syntax error: missing '" + stop + "'");
                }
                char ch = peek();
                if (ch == stop) {
                    pos++;
                    return sb.toString();
                }
                if (ch == '$') {
                    sb.append(dollar());
                } else if (ch == escape && pos + 1 < in.length()) {
                    sb.append('\\').append(in.charAt(pos + 1));
                    pos += 2;
                } else {
                    sb.append(ch);
                    pos++;
                }
            }
        }

        private String name() {
            int start = pos;
            if (!atEnd() && Character.isDigit(peek())) {
                while (!atEnd() && Character.isDigit(peek())) {
                    pos++;
                }
                return in.substring(start, pos);
            }
            while (!atEnd()) {
                char c = peek();
                if (!(Character.isLetterOrDigit(c) || c == '_')) {
                    break;
                }
                pos++;
            }
            return in.substring(start, pos);
        }

        private String lookup(String name) {
            referenced.add(name);
            return env.get(name);
        }
    }

    private static String trimPrefix(String value, String pattern, boolean longest) throws ExpansionException {
        Pattern p = globToRegex(pattern);
        if (longest) {
            for (int end = value.length(); end >= 0; end--) {
                if (p.matcher(value.substring(0, end)).matches()) {
                    return value.substring(end);
                }
            }
        } else {
            for (int end = 0; end <= value.length(); end++) {
                if (p.matcher(value.substring(0, end)).matches()) {
                    return value.substring(end);
                }
            }
        }
        return value;
    }

    private static String trimSuffix(String value, String pattern, boolean longest) throws ExpansionException {
        Pattern p = globToRegex(pattern);
        if (longest) {
            for (int start = 0; start <= value.length(); start++) {
                if (p.matcher(value.substring(start)).matches()) {
                    return value.substring(0, start);
                }
            }
        } else {
            for (int start = value.length(); start >= 0; start--) {
                if (p.matcher(value.substring(start)).matches()) {
                    return value.substring(0, start);
                }
            }
        }
        return value;
    }

    private static String substitute(String value, String pattern, String replacement, boolean all)
            throws ExpansionException {
        if (pattern.isEmpty()) {
            // bash replaces nothing for an empty pattern; Docker prepends the replacement once
            return all ? value : replacement + value;
        }
        Pattern p = globToRegex(pattern);
        StringBuilder out = new StringBuilder();
        int i = 0;
        boolean replaced = false;
        while (i <= value.length()) {
            int matchEnd = -1;
            if (!replaced || all) {
                // longest match starting at i, like the shell
                for (int end = value.length(); end > i; end--) {
                    if (p.matcher(value.substring(i, end)).matches()) {
                        matchEnd = end;
                        break;
                    }
                }
            }
            if (matchEnd > 0) {
                out.append(replacement);
                i = matchEnd;
                replaced = true;
            } else {
                if (i < value.length()) {
                    out.append(value.charAt(i));
                }
                i++;
            }
        }
        return out.toString();
    }

    /** A shell glob ({@code *}, {@code ?}, {@code \x} for a literal) as a whole-string regular expression. */
    static Pattern globToRegex(String glob) throws ExpansionException {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else if (c == '\\') {
                if (i + 1 >= glob.length()) {
                    throw new ExpansionException("invalid pattern (" + glob + ") in substitution: trailing escape");
                }
                re.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
