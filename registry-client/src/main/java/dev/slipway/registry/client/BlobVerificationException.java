package dev.slipway.registry.client;

import java.io.IOException;

/**
 * The bytes of a blob did not match its digest or size. Thrown from inside the blob stream, before the last chunk is
 * handed on, so a consumer that streams into an upload never completes the upload with wrong content.
 */
final class BlobVerificationException extends IOException {

    private static final long serialVersionUID = 1L;

    BlobVerificationException(String message) {
        super(message);
    }
}
