package dev.slipway.cli.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The environment {@code slip} reads (prefix {@code slipway}, so {@code SLIPWAY_URL}, {@code SLIPWAY_TOKEN},
 * {@code SLIPWAY_DATA}, {@code SLIPWAY_CONFIG_DIR}, {@code SLIPWAY_LOCAL_URL}, {@code SLIPWAY_REGISTRY_SERVICE}). The
 * URL and token are optional on purpose: when unset, the saved login and then the local farm decide (see
 * {@link TargetResolver}).
 */
@ConfigMapping(prefix = "slipway")
public interface CliConfig {

    /** @return {@code SLIPWAY_URL}: the gateway's base URL, validated by {@link GatewayUrl#parse} (a clear error) */
    Optional<String> url();

    /** @return {@code SLIPWAY_TOKEN}: the API token */
    Optional<String> token();

    /** @return {@code SLIPWAY_DATA}: the local farm's data folder, where the gateway writes {@code admin-token} */
    Optional<Path> data();

    /** @return where {@code slip login} keeps {@code config.json} */
    @WithDefault("${user.home}/.slipway")
    Path configDir();

    /**
     * @return the gateway of the farm {@code ./slipway up} runs on this machine, used when nothing else names one
     *         ({@code bin/slip} sets it when the farm's gateway port is not the default)
     */
    @WithDefault("http://127.0.0.1:8080")
    String localUrl();

    /** @return the {@code service} that {@code slip login} asks the gateway's token endpoint for */
    @WithDefault("slipway-registry")
    String registryService();
}
