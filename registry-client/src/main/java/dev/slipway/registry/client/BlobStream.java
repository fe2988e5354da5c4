package dev.slipway.registry.client;

import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.RepositoryName;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;

/**
 * A blob's content as it arrives from the registry: digested on the way, resumed with a {@code Range} request when the
 * connection drops mid-stream, and verified before its final bytes are released, so wrong content never reaches the
 * reader's end. Not thread-safe (one reader).
 */
final class BlobStream extends InputStream {

    private final BlobPuller puller;
    private final RepositoryName repository;
    private final Digest digest;
    private final long size;
    private final MessageDigest md;
    private InputStream current;
    private long position;
    private int resumes;
    private boolean verified;

    BlobStream(BlobPuller puller, RepositoryName repository, Digest digest, long size, InputStream first) {
        this.puller = puller;
        this.repository = repository;
        this.digest = digest;
        this.size = size;
        this.md = digest.algorithm().newMessageDigest();
        this.current = first;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (verified) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        if (position == size) {
            verify();
            return -1;
        }
        while (true) {
            int n;
            try {
                n = current.read(b, off, (int) Math.min(len, size - position));
            } catch (IOException e) {
                resume(e);
                continue;
            }
            if (n < 0) {
                resume(new EOFException("connection closed at byte " + position + " of " + size));
                continue;
            }
            md.update(b, off, n);
            position += n;
            puller.observer().bytesPulled(puller.registry(), n);
            if (position == size) {
                verify();
            }
            return n;
        }
    }

    /** Bytes read so far. */
    long position() {
        return position;
    }

    @Override
    public void close() throws IOException {
        current.close();
    }

    private void verify() throws IOException {
        Digest actual = new Digest(digest.algorithm(), java.util.HexFormat.of().formatHex(md.digest()));
        if (!actual.equals(digest)) {
            current.close();
            throw new BlobVerificationException(puller.registry() + " sent blob " + digest + " of " + repository
                    + " with digest " + actual + ": content does not match its digest");
        }
        verified = true;
        current.close();
    }

    private void resume(IOException cause) throws IOException {
        try {
            current.close();
        } catch (IOException ignored) {
            // the connection is already broken
        }
        if (++resumes > puller.policy().maxBlobResumes()) {
            throw new IOException(puller.registry() + ": download of blob " + digest + " dropped at byte " + position
                    + " of " + size + "; gave up after " + (resumes - 1) + " resumes", cause);
        }
        String reason = "blob " + digest.shortId() + " dropped at byte " + position + " (" + Transport.describe(cause)
                + "), resuming";
        puller.observer().retried(puller.registry(), reason);
        try {
            Duration wait = puller.policy().backoff(resumes);
            Thread.sleep(wait.toMillis());
            current = puller.open(repository, digest, position);
        } catch (RegistryException e) {
            throw new IOException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while resuming blob " + digest, e);
        }
    }
}
