package dev.slipway.layerstore.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/** Adds {@code Docker-Distribution-API-Version: registry/2.0} to every {@code /v2} answer, as clients expect. */
@Provider
public class ApiVersionFilter implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getUriInfo().getPath().startsWith("/v2")) {
            response.getHeaders().putSingle("Docker-Distribution-API-Version", "registry/2.0");
        }
    }
}
