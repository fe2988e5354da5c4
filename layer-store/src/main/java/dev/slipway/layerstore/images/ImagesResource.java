package dev.slipway.layerstore.images;

import dev.slipway.common.oci.InvalidReferenceException;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.layerstore.error.ApiProblemException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code GET /api/v1/images} ({@code docker images}) and {@code GET /api/v1/stats}. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class ImagesResource {

    private final ImageCatalog catalog;

    ImagesResource(ImageCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * @param repository only this repository
     * @return one row per tag
     */
    @GET
    @Path("images")
    public List<ImageRow> images(@QueryParam("repository") String repository) {
        if (repository == null || repository.isBlank()) {
            return catalog.images(null);
        }
        try {
            return catalog.images(RepositoryName.parse(repository).value());
        } catch (InvalidReferenceException e) {
            throw new ApiProblemException(400, "INVALID_REPOSITORY", e.getMessage());
        }
    }

    /** @return logical and physical bytes and the dedupe ratio */
    @GET
    @Path("stats")
    public StoreStats stats() {
        return catalog.stats();
    }
}
