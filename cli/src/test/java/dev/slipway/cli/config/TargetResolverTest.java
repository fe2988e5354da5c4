package dev.slipway.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetResolverTest {

    private static final GatewayUrl LOCAL = GatewayUrl.parse("http://127.0.0.1:8080");

    @TempDir
    Path dir;
    private Path repo;
    private Path configDir;

    /** The environment as the test sets it. */
    private record Env(URI urlValue, String tokenValue, Path dataValue, Path configDir, String localUrl)
            implements CliConfig {
        Env(URI urlValue, String tokenValue, Path dataValue, Path configDir) {
            this(urlValue, tokenValue, dataValue, configDir, LOCAL.toString());
        }

        @Override
        public String registryService() {
            return "slipway-registry";
        }

        @Override
        public Optional<String> url() {
            return Optional.ofNullable(urlValue).map(URI::toString);
        }

        @Override
        public Optional<String> token() {
            return Optional.ofNullable(tokenValue);
        }

        @Override
        public Optional<Path> data() {
            return Optional.ofNullable(dataValue);
        }
    }

    @BeforeEach
    void localFarm() throws IOException {
        repo = Files.createDirectories(dir.resolve("repo"));
        Files.createDirectories(repo.resolve(".slipway"));
        Files.writeString(repo.resolve(".slipway/admin-token"), "admin-secret\n");
        configDir = dir.resolve("home/.slipway");
    }

    private TargetResolver resolver(URI url, String token, Path data) {
        return new TargetResolver(new Env(url, token, data, configDir), repo);
    }

    @Test
    void withNothingSetTheLocalFarmAndItsAdminTokenAreUsed() {
        Target target = resolver(null, null, null).resolve(null, null);
        assertThat(target.url()).isEqualTo(LOCAL);
        assertThat(target.token()).isEqualTo("admin-secret");
        assertThat(target.tokenSource()).isEqualTo(Target.TokenSource.LOCAL_ADMIN);
    }

    @Test
    void slipwayDataPointsAtAnotherFarmsAdminToken() throws IOException {
        Path data = Files.createDirectories(dir.resolve("other-data"));
        Files.writeString(data.resolve("admin-token"), "other-secret");
        assertThat(resolver(null, null, data).resolve(null, null).token()).isEqualTo("other-secret");
    }

    @Test
    void theEnvironmentTokenWinsOverTheSavedLoginWhichWinsOverTheAdminToken() {
        new ConfigFile(configDir).saveLogin(LOCAL, new Credentials("ouruser", "saved-token"));
        assertThat(resolver(null, null, null).resolve(null, null).token()).isEqualTo("saved-token");
        Target fromEnv = resolver(null, "env-token", null).resolve(null, null);
        assertThat(fromEnv.token()).isEqualTo("env-token");
        assertThat(fromEnv.tokenSource()).isEqualTo(Target.TokenSource.ENVIRONMENT);
    }

    @Test
    void theLastLoginChoosesTheGatewayUnlessHostOrSlipwayUrlSaySomethingElse() {
        GatewayUrl farm = GatewayUrl.parse("https://farm.example.com:8443/");
        new ConfigFile(configDir).saveLogin(farm, new Credentials("ouruser", "farm-token"));
        Target current = resolver(null, null, null).resolve(null, null);
        assertThat(current.url().toString()).isEqualTo("https://farm.example.com:8443");
        assertThat(current.token()).isEqualTo("farm-token");

        Target fromEnv = resolver(URI.create("http://10.0.0.9:8080"), null, null).resolve(null, null);
        assertThat(fromEnv.url().toString()).isEqualTo("http://10.0.0.9:8080");
        assertThat(fromEnv.tokenSource()).as("the local admin token never goes to a remote gateway")
                .isEqualTo(Target.TokenSource.NONE);

        Target fromFlag = resolver(URI.create("http://10.0.0.9:8080"), null, null).resolve("http://127.0.0.1:18080", null);
        assertThat(fromFlag.url().toString()).isEqualTo("http://127.0.0.1:18080");
        assertThat(fromFlag.token()).isEqualTo("admin-secret");
    }

    @Test
    void theLoginFileIsPrivateToItsOwner() throws IOException {
        ConfigFile file = new ConfigFile(configDir);
        file.saveLogin(LOCAL, new Credentials("ouruser", "t"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path()))).isEqualTo("rw-------");
    }

    @Test
    void aFarmOnAnotherPortIsTheDefaultWhenSlipwayLocalUrlSaysSo() {
        Target target = new TargetResolver(new Env(null, null, null, configDir, "http://127.0.0.1:18080"), repo)
                .resolve(null, null);
        assertThat(target.url().toString()).isEqualTo("http://127.0.0.1:18080");
        assertThat(target.tokenSource()).isEqualTo(Target.TokenSource.LOCAL_ADMIN);
    }

    @Test
    void logoutForgetsOneGatewaysLoginAndTheCurrentGatewayWithIt() throws IOException {
        ConfigFile file = new ConfigFile(configDir);
        GatewayUrl farm = GatewayUrl.parse("https://farm.example.com");
        file.saveLogin(LOCAL, new Credentials("admin", "local-token"));
        file.saveLogin(farm, new Credentials("ouruser", "farm-token"));
        assertThat(file.current()).contains(farm);

        assertThat(file.removeLogin(farm)).isTrue();
        assertThat(file.removeLogin(farm)).as("a second logout finds nothing").isFalse();
        assertThat(file.current()).isEmpty();
        assertThat(file.credentials(farm)).isEmpty();
        assertThat(file.credentials(LOCAL)).contains(new Credentials("admin", "local-token"));
        assertThat(Files.readString(file.path())).doesNotContain("farm-token");
        assertThat(resolver(null, null, null).resolve(null, null).token()).isEqualTo("local-token");
    }

    @Test
    void aLoginSavedByAnOlderSlipWithoutUserNameStillWorks() throws IOException {
        Files.createDirectories(configDir);
        Files.writeString(configDir.resolve("config.json"),
                "{\"current\":\"http://127.0.0.1:8080\",\"auths\":{\"http://127.0.0.1:8080\":{\"token\":\"old\"}}}");
        Target target = resolver(null, null, null).resolve(null, null);
        assertThat(target.token()).isEqualTo("old");
        assertThat(target.tokenSource()).isEqualTo(Target.TokenSource.LOGIN);
    }

    @Test
    void credentialsNeverShowTheirTokenAndMakeDockersBasicHeader() {
        Credentials credentials = new Credentials("ouruser", "s3cret");
        assertThat(credentials.toString()).doesNotContain("s3cret");
        assertThat(credentials.basicAuthorization()).isEqualTo("Basic b3VydXNlcjpzM2NyZXQ=");
        assertThatThrownBy(() -> new Credentials("a:b", "t")).hasMessageContaining("invalid user name");
        assertThatThrownBy(() -> new Credentials("ouruser", " ")).hasMessageContaining("token is required");
    }

    @Test
    void malformedUrlsAreRejectedWithTheUrl() {
        assertThatThrownBy(() -> resolver(null, null, null).resolve("ftp://x", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ftp://x");
        assertThatThrownBy(() -> GatewayUrl.parse("127.0.0.1:8080"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http://");
    }
}
