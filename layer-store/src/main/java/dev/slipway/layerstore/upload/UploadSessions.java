package dev.slipway.layerstore.upload;

import dev.slipway.common.oci.RepositoryName;
import dev.slipway.layerstore.blob.BlobInfo;
import dev.slipway.layerstore.repository.Repositories;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Persistence of upload sessions; one short transaction per call so no transaction spans a transfer. */
@ApplicationScoped
class UploadSessions implements PanacheRepositoryBase<UploadSessionEntity, UUID> {

    private final Repositories repositories;

    UploadSessions(Repositories repositories) {
        this.repositories = repositories;
    }

    @Transactional
    UploadSessionEntity create(RepositoryName repository) {
        repositories.ensure(repository);
        UploadSessionEntity session = new UploadSessionEntity();
        session.id = UUID.randomUUID();
        session.repository = repository.value();
        session.received = 0;
        session.startedAt = Instant.now();
        session.updatedAt = session.startedAt;
        persist(session);
        return session;
    }

    @Transactional
    Optional<UploadSessionEntity> find(RepositoryName repository, UUID id) {
        return findByIdOptional(id).filter(session -> session.repository.equals(repository.value()));
    }

    @Transactional
    void advance(UUID id, long received) {
        update("received = ?1, updatedAt = ?2 where id = ?3", received, Instant.now(), id);
    }

    /** Links the published blob and ends the session, in one transaction. */
    @Transactional
    void finish(UUID id, RepositoryName repository, BlobInfo blob) {
        repositories.link(repository, blob);
        // Native: an HQL delete is translated to SQL anew on every call (a tenth of an upload's close in a profile).
        getEntityManager().createNativeQuery("DELETE FROM upload_sessions WHERE id = ?1").setParameter(1, id)
                .executeUpdate();
    }

    @Transactional
    boolean remove(UUID id) {
        return deleteById(id);
    }

    @Transactional
    List<UploadSessionEntity> idleSince(Instant cutoff) {
        return list("updatedAt < ?1", cutoff);
    }

    @Transactional
    boolean known(UUID id) {
        return findByIdOptional(id).isPresent();
    }
}
