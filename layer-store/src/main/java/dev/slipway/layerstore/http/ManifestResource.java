package dev.slipway.layerstore.http;

import dev.slipway.common.oci.RepositoryName;
import dev.slipway.layerstore.error.ErrorCode;
import dev.slipway.layerstore.error.RegistryException;
import dev.slipway.layerstore.manifest.Manifests;
import dev.slipway.layerstore.manifest.PushedManifest;
import dev.slipway.layerstore.manifest.StoredManifest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code PUT|GET|HEAD|DELETE /v2/<name>/manifests/<reference>}: OCI image manifests and indexes, Docker schema 2
 * manifests and manifest lists, served byte for byte as pushed, with {@code Accept} negotiation.
 */
@Path("/v2")
public class ManifestResource {

    private final Manifests manifests;

    ManifestResource(Manifests manifests) {
        this.manifests = manifests;
    }

    /**
     * @param name        repository
     * @param reference   tag or digest
     * @param contentType the manifest's media type
     * @param body        the manifest (at most the configured limit)
     * @return 201 with {@code Location}, {@code Docker-Content-Digest} and, for a manifest with a subject,
     *         {@code OCI-Subject}
     * @throws IOException when the body cannot be read
     */
    @PUT
    @Path("{name: .+}/manifests/{reference: [^/]+}")
    public Response put(@PathParam("name") String name, @PathParam("reference") String reference,
            @HeaderParam("Content-Type") String contentType, InputStream body) throws IOException {
        RepositoryName repository = Requests.name(name);
        byte[] bytes = body.readNBytes(manifests.maxBytes() + 1);
        PushedManifest pushed = manifests.put(repository, reference, bytes, contentType);
        Response.ResponseBuilder response = Response.status(201)
                .header("Location", Locations.manifest(repository.value(), pushed.digest()))
                .header("Docker-Content-Digest", pushed.digest().toString())
                .header("Content-Length", 0);
        pushed.subject().ifPresent(subject -> response.header("OCI-Subject", subject.toString()));
        return response.build();
    }

    /**
     * @param name      repository
     * @param reference tag or digest
     * @param accept    the media types the client takes
     * @return the exact bytes pushed, with their media type and digest
     */
    @GET
    @Path("{name: .+}/manifests/{reference: [^/]+}")
    public Response get(@PathParam("name") String name, @PathParam("reference") String reference,
            @HeaderParam("Accept") List<String> accept) {
        StoredManifest manifest = negotiated(name, reference, accept);
        return headers(manifest).entity(manifest.bytes()).build();
    }

    /**
     * @param name      repository
     * @param reference tag or digest
     * @param accept    the media types the client takes
     * @return the headers of {@link #get}, without the body
     */
    @HEAD
    @Path("{name: .+}/manifests/{reference: [^/]+}")
    public Response head(@PathParam("name") String name, @PathParam("reference") String reference,
            @HeaderParam("Accept") List<String> accept) {
        return headers(negotiated(name, reference, accept)).build();
    }

    /**
     * Deletes a manifest (by digest) or a tag (by tag).
     *
     * @param name      repository
     * @param reference tag or digest
     * @return 202
     */
    @DELETE
    @Path("{name: .+}/manifests/{reference: [^/]+}")
    public Response delete(@PathParam("name") String name, @PathParam("reference") String reference) {
        manifests.delete(Requests.name(name), reference);
        return Response.accepted().header("Content-Length", 0).build();
    }

    private StoredManifest negotiated(String name, String reference, List<String> accept) {
        StoredManifest manifest = manifests.get(Requests.name(name), reference);
        if (!acceptable(manifest.mediaType().value(), accept)) {
            throw new RegistryException(ErrorCode.MANIFEST_UNKNOWN, ErrorCode.MANIFEST_UNKNOWN.status(),
                    "the manifest is " + manifest.mediaType() + ", which the Accept header does not list",
                    Map.of("mediaType", manifest.mediaType().value()));
        }
        return manifest;
    }

    /** No {@code Accept} (or a wildcard) takes anything; otherwise the stored type must be listed. */
    private static boolean acceptable(String mediaType, List<String> accept) {
        if (accept == null || accept.isEmpty()) {
            return true;
        }
        boolean listedAny = false;
        for (String header : accept) {
            for (String item : header.split(",")) {
                String type = item.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
                if (type.isEmpty()) {
                    continue;
                }
                listedAny = true;
                if (type.equals("*/*") || type.equals("application/*") || type.equals(mediaType)
                        || type.equals("application/json")) {
                    return true;
                }
            }
        }
        return !listedAny;
    }

    private static Response.ResponseBuilder headers(StoredManifest manifest) {
        return Response.ok()
                .header("Content-Type", manifest.mediaType().value())
                .header("Content-Length", manifest.bytes().length)
                .header("Docker-Content-Digest", manifest.digest().toString())
                .header("ETag", "\"" + manifest.digest() + "\"");
    }
}
