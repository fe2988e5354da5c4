package dev.slipway.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.gateway.error.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScopeTest {

    @Test
    void parsesTypeNameAndActions() {
        Scope scope = Scope.parse("repository:ouruser/sinatra:pull,push");
        assertThat(scope.type()).isEqualTo("repository");
        assertThat(scope.name()).isEqualTo("ouruser/sinatra");
        assertThat(scope.actions()).containsExactly("pull", "push");
        assertThat(scope.repositoryActions()).containsExactly(Action.PULL, Action.PUSH);
    }

    @Test
    void dropsTheResourceClassAndExpandsTheWildcard() {
        Scope scope = Scope.parse("repository(plugin):ouruser/plug:*");
        assertThat(scope.isRepository()).isTrue();
        assertThat(scope.repositoryActions()).containsExactly(Action.PULL, Action.PUSH, Action.DELETE);
        assertThat(Scope.parse("registry:catalog:*").isCatalog()).isTrue();
    }

    @Test
    void unknownActionsAndTypesParseButGrantNothing() {
        assertThat(Scope.parse("repository:a/b:frobnicate").repositoryActions()).isEmpty();
        assertThat(Scope.parse("other:thing:pull").isRepository()).isFalse();
    }

    @Test
    void paramsMayHoldSeveralScopesSeparatedBySpaces() {
        List<Scope> scopes = Scope.parseAll(List.of("repository:a/b:pull  repository:a/c:push", "registry:catalog:*"));
        assertThat(scopes).extracting(Scope::name).containsExactly("a/b", "a/c", "catalog");
    }

    @Test
    void malformedScopesAreInvalidScope() {
        for (String bad : List.of("repository", "repository:a/b", "repository::pull", ":a/b:pull", "repository:a/b:",
                "repository:a/b:pu ll", "repository:A/b:pull", "repository:a/b:pull,", "re-po:a/b:pull",
                "repository:localhost:5000/a:pull")) {
            assertThatThrownBy(() -> Scope.parse(bad)).as(bad).isInstanceOf(ApiException.class)
                    .extracting(e -> ((ApiException) e).code().code()).isEqualTo("invalid-scope");
        }
    }
}
