package dev.slipway.layerstore.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The {@code pullable} globs: {@code *} spans anything including {@code /}, every other character is literal. */
class RepositoryPatternTest {

    @Test
    void starSpansSlashesAndTheRestIsLiteral() {
        RepositoryPattern own = new RepositoryPattern("ouruser/*");
        assertThat(own.matches("ouruser/sinatra")).isTrue();
        assertThat(own.matches("ouruser/team/app")).isTrue();
        assertThat(own.matches("ouruser")).isFalse();
        assertThat(own.matches("ouruser2/app")).isFalse();
        assertThat(own.matches("x/ouruser/app")).isFalse();
        assertThat(new RepositoryPattern("*").matches("library/ubuntu")).isTrue();
        assertThat(new RepositoryPattern("library/ubuntu").matches("library/ubuntu")).isTrue();
        assertThat(new RepositoryPattern("library/ubuntu").matches("library/ubuntu2")).isFalse();
    }

    @Test
    void regexMetacharactersInTheGlobAreLiteral() {
        RepositoryPattern dotted = new RepositoryPattern("my.team/*");
        assertThat(dotted.matches("my.team/app")).isTrue();
        assertThat(dotted.matches("myxteam/app")).isFalse();
        assertThat(new RepositoryPattern("a+b/(x)|*").matches("a+b/(x)|y")).isTrue();
        assertThat(new RepositoryPattern("a+b/(x)|*").matches("aab/x")).isFalse();
    }

    @Test
    void anEmptyPatternIsRejected() {
        assertThatThrownBy(() -> new RepositoryPattern("")).isInstanceOf(IllegalArgumentException.class);
    }
}
