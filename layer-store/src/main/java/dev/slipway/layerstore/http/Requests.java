package dev.slipway.layerstore.http;

import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.InvalidDigestException;
import dev.slipway.common.oci.InvalidReferenceException;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.layerstore.error.ErrorCode;
import dev.slipway.layerstore.error.RegistryException;
import java.util.UUID;

/** Parses what arrives in URLs and headers, once, at the edge, into value types or the spec's errors. */
final class Requests {

    private Requests() {
    }

    static RepositoryName name(String raw) {
        try {
            return RepositoryName.parse(raw);
        } catch (InvalidReferenceException e) {
            throw new RegistryException(ErrorCode.NAME_INVALID, e.getMessage());
        }
    }

    static Digest digest(String raw) {
        try {
            return Digest.parse(raw);
        } catch (InvalidDigestException e) {
            throw new RegistryException(ErrorCode.DIGEST_INVALID, e.getMessage());
        }
    }

    static UUID session(String raw) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(ErrorCode.BLOB_UPLOAD_UNKNOWN, "upload session " + raw + " is unknown");
        }
    }

    static long contentLength(String header) {
        if (header == null || header.isBlank()) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            throw new RegistryException(ErrorCode.SIZE_INVALID, "Content-Length is not a number: " + header);
        }
    }

    /** Page size from {@code n}: absent means everything (bounded by {@code max}). */
    static int pageSize(String n, int max) {
        if (n == null || n.isBlank()) {
            return max;
        }
        try {
            int value = Integer.parseInt(n.trim());
            if (value < 0) {
                throw new NumberFormatException();
            }
            return Math.min(value, max);
        } catch (NumberFormatException e) {
            throw new RegistryException(ErrorCode.UNSUPPORTED, 400, "n must be a non-negative integer: " + n,
                    java.util.Map.of());
        }
    }
}
