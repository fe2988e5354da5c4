package dev.slipway.worker.registry;

import dev.slipway.registry.client.RegistryException;
import java.io.IOException;

/**
 * A layer-store operation failed; the message is the registry client's (it names the registry, the operation and the
 * OCI error code), the cause says whether it was a refused login, missing content or an unavailable registry. An
 * {@link IOException}, so the build steps treat it like any other failed transfer.
 */
public final class LayerStoreException extends IOException {

    private static final long serialVersionUID = 1L;

    LayerStoreException(RegistryException cause) {
        super(cause.getMessage(), cause);
    }
}
