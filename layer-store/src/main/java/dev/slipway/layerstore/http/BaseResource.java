package dev.slipway.layerstore.http;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /v2/}: tells clients this is a registry speaking the v2 API. With the token flow on, {@link AuthGate} lets
 * only requests with a valid token (whatever it grants) get here; the others get the challenge that starts a login.
 */
@Path("/v2")
public class BaseResource {

    /** @return an empty JSON object */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String check() {
        return "{}";
    }
}
