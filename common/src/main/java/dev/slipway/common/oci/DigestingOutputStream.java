package dev.slipway.common.oci;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * Passes bytes through while counting them and computing their digest, so a layer or blob gets its digest
 * while it is written. Not thread-safe.
 */
public final class DigestingOutputStream extends FilterOutputStream {
    private final Digest.Algorithm algorithm;
    private final MessageDigest md;
    private long byteCount;
    private Digest digest;

    /**
     * @param out the stream to write to
     * @param algorithm the digest algorithm
     */
    public DigestingOutputStream(OutputStream out, Digest.Algorithm algorithm) {
        super(out);
        this.algorithm = algorithm;
        this.md = algorithm.newMessageDigest();
    }

    /** @param out the stream to write to, digested with sha256 */
    public DigestingOutputStream(OutputStream out) {
        this(out, Digest.Algorithm.SHA256);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        md.update((byte) b);
        byteCount++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        // FilterOutputStream writes byte by byte; write the whole slice at once
        out.write(b, off, len);
        md.update(b, off, len);
        byteCount += len;
    }

    /**
     * Finishes the digest of everything written so far; call once writing is done.
     *
     * @return the digest of the bytes written
     */
    public Digest digest() {
        if (digest == null) {
            digest = Digest.fromHash(algorithm, md.digest());
        }
        return digest;
    }

    /** @return the number of bytes written so far */
    public long byteCount() {
        return byteCount;
    }
}
