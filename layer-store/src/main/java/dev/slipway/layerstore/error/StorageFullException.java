package dev.slipway.layerstore.error;

/**
 * The blob store ran out of space while writing. Nothing half-written stays visible; the client sees a 507.
 */
public class StorageFullException extends RegistryException {

    /** @param cause the I/O failure that reported the full device */
    public StorageFullException(Throwable cause) {
        super(ErrorCode.BLOB_UPLOAD_INVALID, 507, "insufficient storage: the registry's disk is full, nothing was stored",
                java.util.Map.of());
        initCause(cause);
    }
}
