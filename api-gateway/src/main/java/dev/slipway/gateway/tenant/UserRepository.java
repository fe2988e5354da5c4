package dev.slipway.gateway.tenant;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Queries over users. */
@ApplicationScoped
class UserRepository implements PanacheRepository<User> {

    Optional<User> findByName(String name) {
        return find("name", name).firstResultOptional();
    }

    boolean anyAdmin() {
        return count("admin", true) > 0;
    }
}
