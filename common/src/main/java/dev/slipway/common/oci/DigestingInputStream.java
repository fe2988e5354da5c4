package dev.slipway.common.oci;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Passes bytes through while counting them and computing their digest, so content can be verified while it is
 * streamed (e.g. a blob upload) instead of being read twice. Not thread-safe.
 */
public final class DigestingInputStream extends FilterInputStream {
    private final Digest.Algorithm algorithm;
    private final MessageDigest md;
    private long byteCount;
    private Digest digest;

    /**
     * @param in the stream to read
     * @param algorithm the digest algorithm
     */
    public DigestingInputStream(InputStream in, Digest.Algorithm algorithm) {
        super(in);
        this.algorithm = algorithm;
        this.md = algorithm.newMessageDigest();
    }

    /** @param in the stream to read, digested with sha256 */
    public DigestingInputStream(InputStream in) {
        this(in, Digest.Algorithm.SHA256);
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b != -1) {
            md.update((byte) b);
            byteCount++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            md.update(b, off, n);
            byteCount += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // skipped bytes must be digested too, so read them
        byte[] buffer = new byte[(int) Math.min(8192, Math.max(n, 1))];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r == -1) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
        // unsupported: a reset would digest bytes twice
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    /**
     * Finishes the digest of everything read so far; call once reading is done.
     *
     * @return the digest of the bytes read
     */
    public Digest digest() {
        if (digest == null) {
            digest = Digest.fromHash(algorithm, md.digest());
        }
        return digest;
    }

    /** @return the number of bytes read so far */
    public long byteCount() {
        return byteCount;
    }
}
