package dev.slipway.cli.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void columnsArePaddedToTheWidestCellPlusThreeWithAMinimumOfTenAndTheLastColumnIsNot() {
        StringWriter text = new StringWriter();
        new Table("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE")
                .row("ouruser/sinatra", "v2", "5db5f8471261", "11 hours ago", "446.7MB")
                .row("ubuntu", "14.04", "07f8e8c5e66d", "3 weeks ago", "188.3MB")
                .print(new PrintWriter(text));
        assertThat(text.toString()).isEqualTo(""
                + "REPOSITORY        TAG       IMAGE ID       CREATED        SIZE\n"
                + "ouruser/sinatra   v2        5db5f8471261   11 hours ago   446.7MB\n"
                + "ubuntu            14.04     07f8e8c5e66d   3 weeks ago    188.3MB\n");
    }

    @Test
    void aRowWithTheWrongNumberOfCellsIsRejected() {
        assertThatThrownBy(() -> new Table("A", "B").row("only one"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void idsAreTwelveHexCharactersWithoutTheAlgorithm() {
        assertThat(Ids.shortId("sha256:2fa8ca4e2a13b1c0d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b"))
                .isEqualTo("2fa8ca4e2a13");
        assertThat(Ids.shortId("abc")).isEqualTo("abc");
    }

    @Test
    void ellipsisKeepsWidthMinusOneCharactersAndAddsTheEllipsis() {
        assertThat(Text.ellipsis("short", 45)).isEqualTo("short");
        String long50 = "x".repeat(50);
        assertThat(Text.ellipsis(long50, 45)).hasSize(45).endsWith("x…");
        assertThat(Text.oneLine("a\nb\tc")).isEqualTo("a b c");
    }
}
