package dev.slipway.layerstore.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.layerstore.auth.RepositoryPattern;
import dev.slipway.layerstore.config.LayerStoreConfig;
import dev.slipway.layerstore.manifest.Manifests;
import dev.slipway.layerstore.manifest.Referrer;
import dev.slipway.layerstore.repository.Page;
import dev.slipway.layerstore.repository.Repositories;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Content discovery: {@code GET /v2/<name>/tags/list}, {@code GET /v2/_catalog} (both with {@code n}/{@code last} and
 * a {@code Link} to the next page) and {@code GET /v2/<name>/referrers/<digest>} (OCI 1.1, with {@code artifactType}
 * filtering).
 */
@Path("/v2")
public class ListingResource {

    private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

    private final Manifests manifests;
    private final Repositories repositories;
    private final int maxPage;
    private final ObjectMapper json;

    ListingResource(Manifests manifests, Repositories repositories, LayerStoreConfig config, ObjectMapper json) {
        this.json = json;
        this.manifests = manifests;
        this.repositories = repositories;
        this.maxPage = config.listing().maxPageSize();
    }

    /**
     * @param name repository
     * @param n    page size
     * @param last the last tag of the previous page
     * @return {@code {"name","tags"}} in lexical order
     */
    @GET
    @Path("{name: .+}/tags/list")
    public Response tags(@PathParam("name") String name, @QueryParam("n") String n, @QueryParam("last") String last) {
        RepositoryName repository = Requests.name(name);
        int size = Requests.pageSize(n, maxPage);
        Page page = manifests.tags(repository, size, last);
        Response.ResponseBuilder response = Response.ok(new TagList(repository.value(), page.items()))
                .type(MediaType.APPLICATION_JSON_TYPE);
        if (page.hasMore()) {
            response.header("Link", Locations.next("/v2/" + repository.value() + "/tags/list", size, page.last()));
        }
        return response.build();
    }

    /**
     * @param n       page size
     * @param last    the last repository of the previous page
     * @param request the request, carrying its caller's access
     * @return {@code {"repositories"}} in lexical order: those the caller may pull
     */
    @GET
    @Path("_catalog")
    public Response catalog(@QueryParam("n") String n, @QueryParam("last") String last,
            @Context RoutingContext request) {
        int size = Requests.pageSize(n, maxPage);
        Optional<List<RepositoryPattern>> filter = AuthGate.accessOf(request).catalogFilter();
        Page page;
        if (filter.isEmpty()) {
            page = repositories.catalog(size, last);
        } else if (filter.get().isEmpty()) {
            page = new Page(List.of(), false);
        } else {
            page = repositories.catalog(size, last,
                    filter.get().stream().map(RepositoryPattern::regex).collect(Collectors.joining("|")));
        }
        Response.ResponseBuilder response = Response.ok(new Catalog(page.items())).type(MediaType.APPLICATION_JSON_TYPE);
        if (page.hasMore()) {
            response.header("Link", Locations.next("/v2/_catalog", size, page.last()));
        }
        return response.build();
    }

    /**
     * @param name         repository
     * @param digest       the subject's digest
     * @param artifactType only referrers of this artifact type
     * @return an OCI image index listing the referrers (empty when there are none)
     */
    @GET
    @Path("{name: .+}/referrers/{digest: [^/]+}")
    public Response referrers(@PathParam("name") String name, @PathParam("digest") String digest,
            @QueryParam("artifactType") String artifactType) {
        RepositoryName repository = Requests.name(name);
        String filter = artifactType == null || artifactType.isBlank() ? null : artifactType;
        List<Referrer> found = manifests.referrers(repository, Requests.digest(digest), filter);
        byte[] index;
        try {
            index = json.writeValueAsBytes(new ReferrerIndex(2, OCI_INDEX, found));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("referrer descriptors are plain records", e);
        }
        Response.ResponseBuilder response = Response.ok(index).type(OCI_INDEX);
        if (filter != null) {
            response.header("OCI-Filters-Applied", "artifactType");
        }
        return response.build();
    }

    /** Body of the tag listing. */
    record TagList(String name, List<String> tags) {
    }

    /** Body of the catalog. */
    record Catalog(List<String> repositories) {
    }

    /** Body of the referrers answer: an OCI image index. */
    record ReferrerIndex(int schemaVersion, String mediaType, List<Referrer> manifests) {
    }
}
