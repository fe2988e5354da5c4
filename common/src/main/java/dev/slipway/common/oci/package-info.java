/**
 * The OCI image model every Slipway service shares: validated identifiers ({@link dev.slipway.common.oci.Digest},
 * {@link dev.slipway.common.oci.ImageReference}, {@link dev.slipway.common.oci.RepositoryName},
 * {@link dev.slipway.common.oci.Tag}, {@link dev.slipway.common.oci.MediaType}), content descriptors, manifests
 * and indexes kept as their exact bytes, and image configs.
 *
 * @see <a href="https://github.com/opencontainers/image-spec">OCI image spec</a>
 * @see <a href="https://github.com/opencontainers/distribution-spec">OCI distribution spec</a>
 */
package dev.slipway.common.oci;
