package dev.slipway.gateway.robot;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** Queries over robot accounts. */
@ApplicationScoped
class RobotRepository implements PanacheRepository<Robot> {

    Optional<Robot> findByName(String name) {
        return find("name", name).firstResultOptional();
    }

    List<Robot> createdBy(String user) {
        return list("createdBy", Sort.by("name"), user);
    }

    List<Robot> all() {
        return listAll(Sort.by("name"));
    }
}
