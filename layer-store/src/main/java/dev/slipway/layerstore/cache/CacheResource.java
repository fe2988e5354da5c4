package dev.slipway.layerstore.cache;

import dev.slipway.layerstore.api.JsonBodies;
import dev.slipway.layerstore.error.ApiProblemException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code /api/v1/cache/{key}}: the build workers' shared cache (GET a hit, PUT a new entry, DELETE). */
@Path("/api/v1/cache/{key}")
@Produces(MediaType.APPLICATION_JSON)
public class CacheResource {

    private final BuildCache cache;
    private final JsonBodies bodies;

    CacheResource(BuildCache cache, JsonBodies bodies) {
        this.cache = cache;
        this.bodies = bodies;
    }

    /**
     * @param key cache key
     * @return the entry; 404 {@code CACHE_MISS} otherwise
     */
    @GET
    public CacheEntry get(@PathParam("key") String key) {
        return cache.get(key).orElseThrow(() -> new ApiProblemException(404, "CACHE_MISS", "no cache entry " + key));
    }

    /**
     * @param key  cache key
     * @param body {@code {"layer":{"mediaType","digest","size"},"diffId","configChange"}}
     * @return 201 for a new key, 200 for a replaced one
     */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("key") String key, byte[] body) {
        CacheEntry entry = bodies.read(body, CacheEntry.class);
        return Response.status(cache.put(key, entry) ? 201 : 200).entity(entry).build();
    }

    /**
     * @param key cache key
     * @return 204; 404 {@code CACHE_MISS} when absent
     */
    @DELETE
    public Response delete(@PathParam("key") String key) {
        if (!cache.delete(key)) {
            throw new ApiProblemException(404, "CACHE_MISS", "no cache entry " + key);
        }
        return Response.noContent().build();
    }
}
