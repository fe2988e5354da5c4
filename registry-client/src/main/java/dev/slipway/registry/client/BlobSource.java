package dev.slipway.registry.client;

import java.io.IOException;
import java.io.InputStream;

/** Opens a blob's content for an upload; called only when the target registry does not have the blob yet. */
@FunctionalInterface
public interface BlobSource {

    /**
     * @return the content, exactly the descriptor's size and digest; the uploader closes it
     */
    InputStream open() throws IOException, RegistryException;
}
