package dev.slipway.e2e.farm;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a test wants its farm: the number of build-workers and settings given to the gateway beyond what
 * {@code ./slipway up} passes (as environment variables, e.g. {@code GATEWAY_JOBS_HEARTBEAT_TIMEOUT=10s}).
 *
 * @param workers            build-worker processes (each with its own port, name and work folder)
 * @param gatewayEnvironment extra environment of the api-gateway
 */
public record FarmOptions(int workers, Map<String, String> gatewayEnvironment) {

    /** Validates and copies. */
    public FarmOptions {
        if (workers < 1) {
            throw new IllegalArgumentException("a farm needs at least one build-worker, not " + workers);
        }
        gatewayEnvironment = Map.copyOf(gatewayEnvironment);
    }

    /** @return one worker, the gateway as {@code ./slipway up} configures it */
    public static FarmOptions defaults() {
        return new FarmOptions(1, Map.of());
    }

    /** @return these options with {@code count} build-workers */
    public FarmOptions withWorkers(int count) {
        return new FarmOptions(count, gatewayEnvironment);
    }

    /** @return these options with one more gateway environment variable */
    public FarmOptions withGatewayEnvironment(String name, String value) {
        Map<String, String> environment = new LinkedHashMap<>(gatewayEnvironment);
        environment.put(name, value);
        return new FarmOptions(workers, environment);
    }
}
