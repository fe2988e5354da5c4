package dev.slipway.worker.build;

import dev.slipway.common.oci.Descriptor;
import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.RepositoryName;

/**
 * A layer of an image being built and where its blob can be fetched or mounted from.
 *
 * @param descriptor the compressed blob
 * @param diffId the uncompressed digest
 * @param repository a repository of the layer-store that holds the blob
 */
record LayerRef(Descriptor descriptor, Digest diffId, RepositoryName repository) {
}
