package dev.slipway.layerstore.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Verified tokens are served from the cache only until they expire, and the cache stays bounded. */
class TokenCacheTest {

    private static Grant grant(Instant expiresAt) {
        return new Grant("ouruser", expiresAt, Map.of("repository:ouruser/app", Set.of(Action.PULL)), List.of());
    }

    @Test
    void aTokenIsServedUntilItExpiresGiveOrTakeTheSkew() {
        TokenCache cache = new TokenCache(10, Duration.ofSeconds(30));
        cache.put("live", grant(Instant.now().plusSeconds(300)));
        cache.put("within-skew", grant(Instant.now().minusSeconds(10)));
        cache.put("expired", grant(Instant.now().minusSeconds(31)));

        assertThat(cache.get("live")).isPresent();
        assertThat(cache.get("within-skew")).isPresent();
        assertThat(cache.get("expired")).isEmpty();
        assertThat(cache.get("never-seen")).isEmpty();
    }

    @Test
    void aFullCacheDropsExpiredTokensFirst() {
        TokenCache cache = new TokenCache(3, Duration.ZERO);
        cache.put("old-1", grant(Instant.now().minusSeconds(60)));
        cache.put("old-2", grant(Instant.now().minusSeconds(60)));
        cache.put("live", grant(Instant.now().plusSeconds(300)));
        cache.put("new", grant(Instant.now().plusSeconds(300)));

        assertThat(cache.get("live")).isPresent();
        assertThat(cache.get("new")).isPresent();
    }

    @Test
    void grantsCoverExactlyTheirActions() {
        Grant grant = new Grant("ouruser", Instant.now().plusSeconds(60),
                Map.of("repository:ouruser/app", Set.of(Action.PULL, Action.PUSH),
                        "registry:catalog", Set.of(Action.ALL)), List.of());
        assertThat(grant.allows(new Scope("repository", "ouruser/app", Set.of(Action.PULL, Action.PUSH)))).isTrue();
        assertThat(grant.allows(new Scope("repository", "ouruser/app", Set.of(Action.DELETE)))).isFalse();
        assertThat(grant.allows(new Scope("repository", "ouruser/other", Set.of(Action.PULL)))).isFalse();
        assertThat(grant.allows(Scope.CATALOG)).isTrue();
    }
}
