package dev.slipway.sync.search;

import dev.slipway.sync.api.InvalidRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /api/v1/search?q=sinatra&limit=25} →
 * {@code [{"name","description","stars","official","automated"}]}. When part of the answer could not be obtained,
 * a {@code Warning} header says which.
 */
@Path("/api/v1/search")
public class SearchResource {

    /** docker search's own bounds. */
    static final int MAX_LIMIT = 100;

    private final SearchService search;

    SearchResource(SearchService search) {
        this.search = search;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response search(@QueryParam("q") String q, @QueryParam("limit") @DefaultValue("25") String limit) {
        if (q == null || q.isBlank()) {
            throw new InvalidRequestException("invalid-request", "the search term q is required");
        }
        int n;
        try {
            n = Integer.parseInt(limit.trim());
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > MAX_LIMIT) {
            throw new InvalidRequestException("invalid-limit", "limit must be between 1 and " + MAX_LIMIT + ", got "
                    + limit);
        }
        SearchService.Answer answer = search.search(q.trim(), n);
        Response.ResponseBuilder response = Response.ok(answer.results());
        answer.warnings().forEach(w -> response.header("Warning", "199 registry-sync \"" + w.replace('"', '\'') + "\""));
        return response.build();
    }
}
