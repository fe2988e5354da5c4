package dev.slipway.gateway.registry;

import com.fasterxml.jackson.databind.JsonNode;

/** What the gateway asks of registry-sync synchronously: {@code docker search}. */
public interface RegistrySync {

    /**
     * @param query search terms
     * @param limit most results wanted
     * @return {@code [{"name","description","stars","official","automated"}]}
     * @throws RegistrySyncException when registry-sync cannot answer
     */
    JsonNode search(String query, int limit);
}
