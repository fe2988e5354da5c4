package dev.slipway.worker.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits instruction arguments into words the way Docker's parser does before expansion: at whitespace
 * outside quotes, keeping quotes and escape characters in the words (the lexer removes them later).
 */
final class Words {

    private Words() {
    }

    static List<String> split(String s, char escape) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == escape && i + 1 < s.length() && quote != '\'') {
                w.append(c).append(s.charAt(++i));
                continue;
            }
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
                w.append(c);
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
                w.append(c);
            } else if (Character.isWhitespace(c)) {
                if (w.length() > 0) {
                    words.add(w.toString());
                    w.setLength(0);
                }
            } else {
                w.append(c);
            }
        }
        if (w.length() > 0) {
            words.add(w.toString());
        }
        return words;
    }

    /** Whitespace split with no regard for quotes (FROM, and shell-form COPY/ADD/VOLUME as Docker does). */
    static List<String> fields(String s) {
        String t = s.strip();
        return t.isEmpty() ? List.of() : List.of(t.split("\\s+"));
    }
}
