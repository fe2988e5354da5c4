package dev.slipway.gateway.tenant;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Queries over public repositories. */
@ApplicationScoped
class PublicRepositoryRepository implements PanacheRepositoryBase<PublicRepository, String> {

    List<String> names() {
        return getEntityManager().createQuery("select p.name from PublicRepository p order by p.name", String.class)
                .getResultList();
    }
}
