package dev.slipway.registry.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing of {@code WWW-Authenticate} as Docker Hub and Distribution send it. */
class AuthChallengeTest {

    @Test
    void parsesDockerHubBearerChallenge() throws Exception {
        AuthChallenge c = AuthChallenge.select("docker.io", List.of("Bearer realm=\"https://auth.docker.io/token\","
                + "service=\"registry.docker.io\",scope=\"repository:library/centos:pull,push\""));
        assertThat(c.scheme()).isEqualTo("bearer");
        assertThat(c.param("realm")).contains("https://auth.docker.io/token");
        assertThat(c.param("service")).contains("registry.docker.io");
        assertThat(c.param("scope")).contains("repository:library/centos:pull,push");
    }

    @Test
    void prefersBearerOverBasicAndKeepsEscapedQuotes() throws Exception {
        AuthChallenge c = AuthChallenge.select("r", List.of("Basic realm=\"x\", Bearer realm=\"https://a/t\", error=\"say \\\"hi\\\"\""));
        assertThat(c.scheme()).isEqualTo("bearer");
        assertThat(c.param("error")).contains("say \"hi\"");
        assertThat(AuthChallenge.select("r", List.of("Basic realm=\"Registry Realm\"")).scheme()).isEqualTo("basic");
    }

    @Test
    void rejectsUnknownSchemesAndBearerWithoutRealm() {
        assertThatThrownBy(() -> AuthChallenge.select("r", List.of("Negotiate abc")))
                .isInstanceOf(RegistryException.class).hasMessageContaining("unsupported scheme");
        assertThatThrownBy(() -> AuthChallenge.select("r", List.of("Bearer service=\"x\"")))
                .isInstanceOf(RegistryException.class).hasMessageContaining("without a realm");
    }
}
