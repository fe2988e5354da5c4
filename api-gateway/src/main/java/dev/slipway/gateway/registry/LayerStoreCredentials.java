package dev.slipway.gateway.registry;

/**
 * What the gateway's layer-store client needs to pass the registry's token check: a bearer token for exactly the
 * scopes of one call. The token service implements it by signing tokens for the gateway itself.
 */
public interface LayerStoreCredentials {

    /**
     * @param scopes the scopes the call needs, e.g. {@code repository:ouruser/app:pull,push}
     * @return a token for {@code Authorization: Bearer}
     */
    String bearer(String... scopes);
}
