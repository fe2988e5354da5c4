package dev.slipway.gateway.tenant;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Queries over API tokens. */
@ApplicationScoped
class ApiTokenRepository implements PanacheRepository<ApiToken> {

    Optional<ApiToken> findByHash(String hash) {
        return find("tokenHash", hash).firstResultOptional();
    }
}
