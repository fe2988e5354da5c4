package dev.slipway.layerstore.http;

import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.InvalidDigestException;
import dev.slipway.common.oci.InvalidReferenceException;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.layerstore.auth.Access;
import dev.slipway.layerstore.auth.Action;
import dev.slipway.layerstore.auth.Scope;
import dev.slipway.layerstore.blob.BlobInfo;
import dev.slipway.layerstore.upload.BlobUploads;
import dev.slipway.layerstore.upload.UploadStatus;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.UUID;

/**
 * Blob uploads under {@code /v2/<name>/blobs/uploads/} that carry no bytes: starting a session ({@code POST}),
 * cross-repository {@code POST ?mount=&from=}, status {@code GET} and {@code DELETE}. The requests with bytes
 * ({@code POST ?digest=}, {@code PATCH}, {@code PUT}) are served by {@link UploadBodyRoutes}.
 */
@Path("/v2")
public class UploadResource {

    private final BlobUploads uploads;

    UploadResource(BlobUploads uploads) {
        this.uploads = uploads;
    }

    /**
     * {@code POST /v2/<name>/blobs/uploads/}: with {@code mount}, a mount (201 when the source has the blob and the
     * caller may pull from it); otherwise, or when the mount cannot be done, a new session (202).
     *
     * @param name    repository
     * @param mount   digest of a blob to mount
     * @param from    the repository to mount from
     * @param request the request, carrying its caller's access
     * @return 201 with the blob's location, or 202 with the session's
     */
    @POST
    @Path("{name: .+}/blobs/uploads{slash: /?}")
    public Response start(@PathParam("name") String name, @QueryParam("mount") String mount,
            @QueryParam("from") String from, @Context RoutingContext request) {
        RepositoryName repository = Requests.name(name);
        if (mount != null && !mount.isBlank()) {
            Access access = AuthGate.accessOf(request);
            Optional<BlobInfo> mounted = mountable(mount, from)
                    .filter(source -> mayMountFrom(access, source))
                    .flatMap(source -> uploads.mount(repository, source.digest(), source.from()));
            if (mounted.isPresent()) {
                return created(repository, mounted.get());
            }
        }
        return accepted(uploads.start(repository), 202);
    }

    /**
     * @param name repository
     * @param id   session
     * @return 204 with {@code Location} and {@code Range}, so the client can resume
     */
    @GET
    @Path("{name: .+}/blobs/uploads/{id}")
    public Response status(@PathParam("name") String name, @PathParam("id") String id) {
        return accepted(uploads.status(Requests.name(name), Requests.session(id)), 204);
    }

    /**
     * Cancels a session.
     *
     * @param name repository
     * @param id   session
     * @return 204
     */
    @DELETE
    @Path("{name: .+}/blobs/uploads/{id}")
    public Response cancel(@PathParam("name") String name, @PathParam("id") String id) {
        uploads.cancel(Requests.name(name), Requests.session(id));
        return Response.noContent().build();
    }

    /** Arguments of a mount; malformed ones fall back to a plain upload, as the spec asks. */
    private static Optional<MountSource> mountable(String mount, String from) {
        try {
            Optional<RepositoryName> source = from == null || from.isBlank()
                    ? Optional.empty()
                    : Optional.of(RepositoryName.parse(from));
            return Optional.of(new MountSource(Digest.parse(mount), source));
        } catch (InvalidDigestException | InvalidReferenceException malformed) {
            return Optional.empty();
        }
    }

    /**
     * A mount needs pull on its source, as Distribution asks; without a named source (any repository holding the blob)
     * only an unrestricted caller may mount, since a token cannot grant pull on repositories it does not name.
     */
    private static boolean mayMountFrom(Access access, MountSource source) {
        return source.from().map(from -> access.allows(Scope.repository(from, Action.PULL)))
                .orElse(access == Access.UNRESTRICTED);
    }

    private static Response created(RepositoryName repository, BlobInfo blob) {
        return Response.status(201)
                .header("Location", Locations.blob(repository.value(), blob.digest()))
                .header("Docker-Content-Digest", blob.digest().toString())
                .header("Content-Length", 0)
                .build();
    }

    private static Response accepted(UploadStatus status, int code) {
        return Response.status(code)
                .header("Location", Locations.upload(status.repository().value(), status.id()))
                .header("Range", Locations.range(status.received()))
                .header("Docker-Upload-UUID", status.id().toString())
                .header("Content-Length", 0)
                .build();
    }

    /** A blob to mount and where from. */
    private record MountSource(Digest digest, Optional<RepositoryName> from) {
    }
}
