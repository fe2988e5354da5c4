package dev.slipway.layerstore.blob;

import dev.slipway.layerstore.config.LayerStoreConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Makes the configured backend (the filesystem one) the application's {@link BlobStore}. */
@ApplicationScoped
public class BlobStoreProducer {

    /**
     * @param config the layer-store configuration
     * @return the blob store rooted at {@code layerstore.storage.root}
     */
    @Produces
    @ApplicationScoped
    BlobStore blobStore(LayerStoreConfig config) {
        return new FileSystemBlobStore(config.storage().root(), config.storage().directWrites());
    }
}
