package dev.slipway.layerstore.error;

/**
 * The error codes of the OCI Distribution Spec v1.1 ("Error Codes" table), each with the HTTP status the layer-store
 * answers it with by default and the spec's message.
 *
 * @see <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#error-codes">error codes</a>
 */
public enum ErrorCode {
    /** Blob unknown to registry. */
    BLOB_UNKNOWN(404, "blob unknown to registry"),
    /** Blob upload invalid. */
    BLOB_UPLOAD_INVALID(400, "blob upload invalid"),
    /** Blob upload unknown to registry. */
    BLOB_UPLOAD_UNKNOWN(404, "blob upload unknown to registry"),
    /** Provided digest did not match uploaded content. */
    DIGEST_INVALID(400, "provided digest did not match uploaded content"),
    /** Manifest references a manifest or blob unknown to registry. */
    MANIFEST_BLOB_UNKNOWN(400, "manifest references a manifest or blob unknown to registry"),
    /** Manifest invalid. */
    MANIFEST_INVALID(400, "manifest invalid"),
    /** Manifest unknown to registry. */
    MANIFEST_UNKNOWN(404, "manifest unknown to registry"),
    /** Invalid repository name. */
    NAME_INVALID(400, "invalid repository name"),
    /** Repository name not known to registry. */
    NAME_UNKNOWN(404, "repository name not known to registry"),
    /** Provided length did not match content length. */
    SIZE_INVALID(400, "provided length did not match content length"),
    /** Authentication required. */
    UNAUTHORIZED(401, "authentication required"),
    /** Requested access to the resource is denied. */
    DENIED(403, "requested access to the resource is denied"),
    /** The operation is unsupported. */
    UNSUPPORTED(405, "the operation is unsupported"),
    /** Too many requests. */
    TOO_MANY_REQUESTS(429, "too many requests");

    private final int status;
    private final String message;

    ErrorCode(int status, String message) {
        this.status = status;
        this.message = message;
    }

    /** @return the HTTP status this code is answered with unless an exception overrides it */
    public int status() {
        return status;
    }

    /** @return the spec's message for this code */
    public String message() {
        return message;
    }
}
