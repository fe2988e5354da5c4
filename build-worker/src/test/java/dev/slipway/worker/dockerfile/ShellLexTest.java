package dev.slipway.worker.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.worker.dockerfile.ShellLex.ExpansionException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShellLexTest {

    private static final Map<String, String> ENV = Map.of("PWD", "/home", "SHELL", "bash", "KOREAN", "한국어",
            "NULL", "", "FOO", "xxyy", "SPACED", "a b");
    private final ShellLex lex = new ShellLex('\\');

    private String word(String in) throws ExpansionException {
        return lex.processWord(in, ENV).word();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "hello | hello",
        "he'll'o | hello",
        "he'llo | error",
        "he\\'llo | he'llo",
        "~\"hello\"~ | hello",
        "~\"he\\\"llo\"~ | he\"llo",
        "~\"he\\nllo\"~ | he\\nllo",
        "~'$PWD'~ | $PWD",
        "~\"$PWD\"~ | /home",
        "$PWD | /home",
        "${PWD} | /home",
        "\\$PWD | $PWD",
        "~\"\\$PWD\"~ | $PWD",
        "$PWD/x | /home/x",
        "${PWD}x | /homex",
        "$PWDx | ''",
        "$ | $",
        "a$ | a$",
        "$. | $.",
        "${NOPE} | ''",
        "${NOPE:-default} | default",
        "${NULL:-default} | default",
        "${NULL-default} | ''",
        "${NOPE-default} | default",
        "${PWD:-default} | /home",
        "${PWD:+alt} | alt",
        "${NULL:+alt} | ''",
        "${NULL+alt} | alt",
        "${NOPE:+alt} | ''",
        "${NOPE:-$PWD/sub} | /home/sub",
        "${NOPE:-${SHELL:-x}} | bash",
        "${NOPE:-'a b'} | a b",
        "${KOREAN} | 한국어",
        "${FOO#x} | xyy",
        "${FOO##*x} | yy",
        "${FOO%y} | xxy",
        "${FOO%%y*} | xx",
        "${FOO/x/z} | zxyy",
        "${FOO//x/z} | zzyy",
        "${PWD | error",
        "${} | error",
        "${PWD=x} | error",
        "${NOPE?} | error",
        "${NULL:?must be set} | error",
        "trailing\\ | trailing",
    })
    void processWordFollowsDockerRules(String in, String expected) {
        String exp = expected.equals("''") ? "" : expected;
        if (exp.equals("error")) {
            assertThatThrownBy(() -> word(in)).isInstanceOf(ExpansionException.class);
        } else {
            assertThat(catching(in)).isEqualTo(exp);
        }
    }

    private String catching(String in) {
        try {
            return word(in);
        } catch (ExpansionException e) {
            throw new AssertionError(in + ": " + e.getMessage(), e);
        }
    }

    @Test
    void requiredVariableMessageNamesTheVariable() {
        assertThatThrownBy(() -> lex.processWord("${VAR:?message here$SHELL}", ENV))
                .hasMessageContaining("VAR: message herebash");
    }

    @Test
    void reportsReferencedNames() throws Exception {
        ShellLex.Result r = lex.processWord("${FOO:-x}$NOPE and $PWD", ENV);
        assertThat(r.referenced()).containsExactlyInAnyOrder("FOO", "NOPE", "PWD");
    }

    @Test
    void backtickEscapeLeavesBackslashLiteral() throws Exception {
        ShellLex windows = new ShellLex('`');
        assertThat(windows.processWord("c:\\dir\\`$PWD", ENV).word()).isEqualTo("c:\\dir\\$PWD");
    }

    @Test
    void processWordsSplitsAtUnquotedWhitespaceAndExpansions() throws Exception {
        assertThat(lex.processWords("80 \"a b\" $SPACED \"$SPACED\" 9${NULL}0", ENV).words())
                .containsExactly("80", "a b", "a", "b", "a b", "90");
    }

    @Test
    void rawExpansionKeepsQuotesAndEscapes() throws Exception {
        assertThat(lex.expandRaw("echo \"$PWD\" '$SHELL' \\n\n", ENV).word()).isEqualTo("echo \"/home\" '$SHELL' \\n\n");
    }
}
