package dev.slipway.layerstore.blob;

import dev.slipway.common.oci.Digest;

/** Content whose digest is not the one the client announced. Nothing of it was stored. */
public class DigestMismatchException extends java.io.IOException {

    private final Digest expected;
    private final Digest actual;

    /**
     * @param expected the announced digest
     * @param actual   the digest of the bytes received
     */
    public DigestMismatchException(Digest expected, Digest actual) {
        super("content digest " + actual + " does not match the announced digest " + expected);
        this.expected = expected;
        this.actual = actual;
    }

    /** @return the announced digest */
    public Digest expected() {
        return expected;
    }

    /** @return the digest of the bytes received */
    public Digest actual() {
        return actual;
    }
}
