package dev.slipway.gateway.tenant;

import dev.slipway.common.oci.RepositoryName;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Which repositories are public. The set is small and read on every token request, so it is kept in memory for a
 * few seconds (other gateway instances see a change within that time; this one at once).
 */
@ApplicationScoped
public class RepositoryVisibility {

    private static final Duration CACHE_TTL = Duration.ofSeconds(5);

    private final PublicRepositoryRepository repositories;
    private volatile Snapshot snapshot = new Snapshot(Set.of(), Instant.MIN);

    RepositoryVisibility(PublicRepositoryRepository repositories) {
        this.repositories = repositories;
    }

    /** @return whether anyone may pull {@code repository} */
    public boolean isPublic(String repository) {
        return publicNames().contains(repository);
    }

    /** @return every public repository */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Set<String> publicNames() {
        Snapshot current = snapshot;
        if (Instant.now().isBefore(current.expires())) {
            return current.names();
        }
        Set<String> names = Set.copyOf(repositories.names());
        snapshot = new Snapshot(names, Instant.now().plus(CACHE_TTL));
        return names;
    }

    /** Marks a repository public or private; the caller's right to do so is checked by {@link NamespacePolicy}. */
    void set(RepositoryName repository, boolean isPublic, String changedBy) {
        QuarkusTransaction.requiringNew().run(() -> {
            if (!isPublic) {
                repositories.deleteById(repository.value());
            } else if (repositories.findById(repository.value()) == null) {
                repositories.persist(new PublicRepository(repository.value(), changedBy, Instant.now()));
            }
        });
        // Dropped after the commit, so the next read cannot cache the state from before the change.
        snapshot = new Snapshot(Set.of(), Instant.MIN);
    }

    private record Snapshot(Set<String> names, Instant expires) {
    }
}
