package dev.slipway.registry.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A login whose password is a file that may appear, change or be broken after the client was made. */
class PasswordFileTest {

    @TempDir
    Path tmp;

    @Test
    void readsTheFileAtEveryUseWithoutItsTrailingNewline() throws Exception {
        Path file = tmp.resolve("registry-sync.token");
        CredentialsProvider login = CredentialsProvider.passwordFile("robot$registry-sync", file);
        assertThat(login.username()).contains("robot$registry-sync");
        assertThatThrownBy(login::credentials).isInstanceOf(RegistryUnauthorizedException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("does not exist");

        Files.writeString(file, "first\n");
        assertThat(login.credentials()).contains(new Credentials("robot$registry-sync", "first"));
        Files.writeString(file, "second");
        assertThat(login.credentials()).contains(new Credentials("robot$registry-sync", "second"));
    }

    @Test
    void anEmptyFileOrABadUserNameIsAClearError() throws Exception {
        Path file = Files.writeString(tmp.resolve("empty.token"), "\n");
        assertThatThrownBy(() -> CredentialsProvider.passwordFile("robot$x", file).credentials())
                .isInstanceOf(RegistryUnauthorizedException.class).hasMessageContaining("is empty");
        assertThatThrownBy(() -> CredentialsProvider.passwordFile("a:b", file))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not contain ':'");
        assertThat(CredentialsProvider.passwordFile("robot$x", file).toString()).doesNotContain("\n")
                .contains(file.toString());
    }
}
