package dev.slipway.worker.dockerfile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lexical layer of the Dockerfile syntax: parser directives, comments, line continuations and heredocs.
 * Produces {@link LogicalLine}s; knows nothing about what instructions mean.
 */
final class LineReader {

    private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.+?)\\s*$");
    /** Directives Docker knows; any other {@code # key=value} line is an ordinary comment. */
    private static final Set<String> KNOWN_DIRECTIVES = Set.of("escape", "syntax", "check");
    /** Only these instructions can introduce heredocs, and only in shell form. */
    private static final Set<String> HEREDOC_INSTRUCTIONS = Set.of("RUN", "COPY", "ADD");

    private final String file;
    private final List<String> physical;
    private int next;
    private char escape = '\\';

    private LineReader(String file, String content) {
        this.file = file;
        String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        lines.replaceAll(l -> l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
        this.physical = lines;
    }

    /** The result: the escape character in effect and the logical lines. */
    record Result(char escape, List<LogicalLine> lines) {
        Result {
            lines = List.copyOf(lines);
        }
    }

    static Result read(String file, String content) throws DockerfileException {
        LineReader r = new LineReader(file, content);
        r.directives();
        List<LogicalLine> out = new ArrayList<>();
        LogicalLine l;
        while ((l = r.nextLogical()) != null) {
            out.add(l);
        }
        return new Result(r.escape, out);
    }

    /** Parser directives: only at the very top, before any comment, blank line or instruction. */
    private void directives() throws DockerfileException {
        Set<String> seen = new HashSet<>();
        while (next < physical.size()) {
            Matcher m = DIRECTIVE.matcher(physical.get(next).strip());
            if (!m.matches()) {
                return;
            }
            String key = m.group(1).toLowerCase(Locale.ROOT);
            if (!KNOWN_DIRECTIVES.contains(key)) {
                return;
            }
            if (!seen.add(key)) {
                throw new DockerfileException(file, next + 1, "only one " + key + " parser directive can be used");
            }
            if (key.equals("escape")) {
                String v = m.group(2);
                if (!v.equals("\\") && !v.equals("`")) {
                    throw new DockerfileException(file, next + 1,
                            "invalid escape token '" + v + "' does not match ` or \\");
                }
                escape = v.charAt(0);
            }
            next++;
        }
    }

    private static boolean isComment(String line) {
        return line.stripLeading().startsWith("#");
    }

    /** Removes a trailing escape character (and whitespace after it); null when the line does not continue. */
    private String continued(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
            end--;
        }
        if (end > 0 && line.charAt(end - 1) == escape) {
            return line.substring(0, end - 1);
        }
        return null;
    }

    private LogicalLine nextLogical() throws DockerfileException {
        while (next < physical.size()) {
            String raw = physical.get(next++);
            if (isComment(raw) || raw.isBlank()) {
                continue;
            }
            int start = next;
            StringBuilder text = new StringBuilder();
            String first = raw.stripLeading();
            String cont = continued(first);
            if (cont == null) {
                text.append(first);
            } else {
                text.append(cont);
                // Comments and blank lines inside a continuation are dropped, as Docker does.
                while (next < physical.size()) {
                    String l = physical.get(next++);
                    if (isComment(l) || l.isBlank()) {
                        continue;
                    }
                    String c = continued(l);
                    if (c == null) {
                        text.append(l);
                        break;
                    }
                    text.append(c);
                }
            }
            String joined = text.toString();
            if (joined.isBlank()) {
                continue;
            }
            return new LogicalLine(start, joined, heredocs(start, joined));
        }
        return null;
    }

    private List<Instruction.Heredoc> heredocs(int start, String line) throws DockerfileException {
        if (!line.contains("<<")) {
            return List.of();
        }
        String[] parts = line.strip().split("\\s+", 2);
        String keyword = parts[0].toUpperCase(Locale.ROOT);
        if (!HEREDOC_INSTRUCTIONS.contains(keyword) || parts.length < 2) {
            return List.of();
        }
        List<String> words = Words.split(parts[1], escape);
        int firstArg = 0;
        while (firstArg < words.size() && words.get(firstArg).startsWith("--")) {
            firstArg++;
        }
        if (firstArg < words.size() && words.get(firstArg).startsWith("[")) {
            return List.of(); // exec form: no heredocs
        }
        List<Instruction.Heredoc> docs = new ArrayList<>();
        for (String w : words.subList(firstArg, words.size())) {
            HeredocMarker marker = HeredocMarker.parse(w);
            if (marker != null) {
                docs.add(readBody(start, marker));
            }
        }
        return docs;
    }

    private Instruction.Heredoc readBody(int start, HeredocMarker marker) throws DockerfileException {
        StringBuilder body = new StringBuilder();
        while (next < physical.size()) {
            String l = physical.get(next++);
            String candidate = marker.chomp() ? stripLeadingTabs(l) : l;
            if (candidate.equals(marker.name())) {
                return new Instruction.Heredoc(marker.name(), body.toString(), marker.expand());
            }
            body.append(marker.chomp() ? stripLeadingTabs(l) : l).append('\n');
        }
        throw new DockerfileException(file, start, "unterminated heredoc " + marker.name());
    }

    private static String stripLeadingTabs(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == '\t') {
            i++;
        }
        return s.substring(i);
    }

    /**
     * A {@code <<[-]WORD} token: {@code chomp} for {@code <<-}, {@code expand} unless the word is quoted.
     */
    record HeredocMarker(String name, boolean chomp, boolean expand) {
        static HeredocMarker parse(String word) {
            if (!word.startsWith("<<") || word.length() < 3) {
                return null;
            }
            int i = 2;
            boolean chomp = word.charAt(i) == '-';
            if (chomp) {
                i++;
            }
            String rest = word.substring(i);
            if (rest.isEmpty() || rest.indexOf('<') >= 0) {
                return null;
            }
            boolean quoted = rest.indexOf('"') >= 0 || rest.indexOf('\'') >= 0;
            String name = rest.replace("\"", "").replace("'", "");
            if (name.isEmpty()) {
                return null;
            }
            return new HeredocMarker(name, chomp, !quoted);
        }
    }
}
